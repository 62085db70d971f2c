package edu.attendance.ingest.roster;

import edu.attendance.platform.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whole-file roster validation: every rule, every bad line reported with its number. */
class RosterValidatorTest {

    /** The database as it stands: department CSE, class CSE-A, course DS, teacher t@c.edu, subject DS-A, student s@c.edu roll 1. */
    static final RosterValidator.Known KNOWN = new RosterValidator.Known() {
        final Map<RosterEntity, Set<String>> ids = Map.of(
                RosterEntity.DEPARTMENTS, Set.of("CSE"), RosterEntity.CLASSES, Set.of("CSE-A"),
                RosterEntity.COURSES, Set.of("DS"), RosterEntity.TEACHERS, Set.of("t@c.edu"),
                RosterEntity.SUBJECTS, Set.of("DS-A"), RosterEntity.STUDENTS, Set.of("s@c.edu"));

        @Override
        public boolean exists(RosterEntity entity, String id) {
            return ids.getOrDefault(entity, Set.of()).contains(id);
        }

        @Override
        public String holderOf(RosterEntity entity, String uniqueValue) {
            return entity == RosterEntity.STUDENTS && uniqueValue.equals("1|CSE-A") ? "s@c.edu" : null;
        }

        @Override
        public String roleOf(String email) {
            return switch (email) {
                case "t@c.edu" -> "TEACHER";
                case "s@c.edu" -> "STUDENT";
                default -> null;
            };
        }
    };

    static List<RosterValidator.Problem> validate(RosterEntity e, String csv) {
        return RosterValidator.validate(e, RosterImporter.parse(e, csv), KNOWN);
    }

    @Test
    void aGoodFileHasNoProblems() {
        assertThat(validate(RosterEntity.STUDENTS, "email,name,roll_no,class_id\nnew@c.edu,New,2,CSE-A\ns@c.edu,Same,1,CSE-A\n")).isEmpty();
        assertThat(validate(RosterEntity.PERIODS, "period_id,subject_id,day_of_week,period_no,start_time,end_time\nP1,DS-A,mon,1,09:00,09:50\n")).isEmpty();
    }

    @Test
    void headerColumnsInAnyOrderWithBomQuotesAndCrlf() {
        List<RosterValidator.Row> rows = RosterImporter.parse(RosterEntity.STUDENTS,
                "\uFEFFname,class_id,EMAIL,roll_no\r\n\"Rao, Anil \"\"AR\"\"\",CSE-A,Anil@C.edu,7\r\n");
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.get("name")).isEqualTo("Rao, Anil \"AR\"");
            assertThat(r.get("email")).isEqualTo("anil@c.edu");
            assertThat(r.get("roll_no")).isEqualTo("7");
        });
    }

    @Test
    void missingAndUnknownColumnsAreReportedOnLineOne() {
        assertThatThrownBy(() -> RosterImporter.parse(RosterEntity.PERIODS, "period_id,subject_id,colour\nx,y,z\n"))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(errors((ApiException) e)).containsExactly(
                        "1: missing column day_of_week", "1: missing column period_no", "1: missing column start_time",
                        "1: missing column end_time", "1: unknown column colour"));
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsIsReported() {
        assertThatThrownBy(() -> RosterImporter.parse(RosterEntity.COURSES, "course_id,name\nA,Alpha\nB\nC,Gamma,extra\n"))
                .satisfies(e -> assertThat(errors((ApiException) e)).containsExactly(
                        "3: has 1 fields, the header has 2", "4: has 3 fields, the header has 2"));
    }

    @Test
    void anUnterminatedQuoteIsMalformed() {
        assertThatThrownBy(() -> RosterImporter.parse(RosterEntity.COURSES, "course_id,name\nA,\"Alpha\n"))
                .satisfies(e -> assertThat(errors((ApiException) e)).singleElement().asString().contains("malformed CSV"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "students|email,name,roll_no,class_id|not-an-email,X,2,CSE-A|email is not a valid e-mail address",
            "students|email,name,roll_no,class_id|x@c.edu,X,2,NOPE|class_id NOPE is not an imported class",
            "students|email,name,roll_no,class_id|x@c.edu,X,1,CSE-A|(roll_no, class_id) already belongs to s@c.edu",
            "students|email,name,roll_no,class_id|t@c.edu,X,3,CSE-A|email t@c.edu already belongs to a teacher",
            "students|email,name,roll_no,class_id|x@c.edu,,3,CSE-A|name is empty",
            "teachers|email,name,designation,department_id|n@c.edu,N,Prof,ECE|department_id ECE is not an imported department",
            "teachers|email,name,designation,department_id|s@c.edu,N,Prof,CSE|email s@c.edu already belongs to a student",
            "classes|class_id,department_id,batch,semester,section|CSE-B,CSE,2024,0,B|semester must be between 1 and 20",
            "classes|class_id,department_id,batch,semester,section|CSE-B,CSE,2024,three,B|semester must be a whole number",
            "classes|class_id,department_id,batch,semester,section|CSE B,CSE,2024,3,B|class_id must match [A-Za-z0-9_.-]{1,64}",
            "subjects|subject_id,course_id,class_id,teacher_email|S2,DS,CSE-A,nobody@c.edu|teacher_email nobody@c.edu is not an imported teacher",
            "subjects|subject_id,course_id,class_id,teacher_email|S2,XX,CSE-A,t@c.edu|course_id XX is not an imported course",
            "periods|period_id,subject_id,day_of_week,period_no,start_time,end_time|P2,DS-A,FUNDAY,1,09:00,09:50|day_of_week must be one of MON..SUN, not FUNDAY",
            "periods|period_id,subject_id,day_of_week,period_no,start_time,end_time|P2,DS-A,TUE,1,9am,09:50|start_time must be HH:MM (24 h)",
            "periods|period_id,subject_id,day_of_week,period_no,start_time,end_time|P2,DS-A,TUE,1,10:00,09:50|end_time must be after start_time",
            "periods|period_id,subject_id,day_of_week,period_no,start_time,end_time|P2,DS-A,TUE,25,09:00,09:50|period_no must be between 1 and 24",
            "periods|period_id,subject_id,day_of_week,period_no,start_time,end_time|P2,NOPE,TUE,1,09:00,09:50|subject_id NOPE is not an imported subject",
            "departments|department_id,name|=CMD(),Formula|department_id must match [A-Za-z0-9_.-]{1,64}"})
    void eachRuleNamesTheLineAndTheReason(String entity, String header, String row, String message) {
        assertThat(validate(RosterEntity.of(entity).orElseThrow(), header + "\n" + row + "\n"))
                .contains(new RosterValidator.Problem(2, message));
    }

    @Test
    void duplicatesInsideTheFileAreReportedWithTheFirstLine() {
        List<RosterValidator.Problem> p = validate(RosterEntity.STUDENTS, "email,name,roll_no,class_id\n"
                + "a@c.edu,A,5,CSE-A\nb@c.edu,B,5,CSE-A\na@c.edu,A2,6,CSE-A\n");
        assertThat(p).containsExactly(
                new RosterValidator.Problem(3, "(roll_no, class_id) repeats line 2"),
                new RosterValidator.Problem(4, "email a@c.edu repeats line 2"));
    }

    @Test
    void everyBadLineIsReportedNotJustTheFirst() {
        List<RosterValidator.Problem> p = validate(RosterEntity.COURSES, "course_id,name\n,A\nok,B\nbad id,C\n");
        assertThat(p).extracting(RosterValidator.Problem::line).containsExactly(2, 4);
    }

    @Test
    void overlongValuesAreRejected() {
        assertThat(validate(RosterEntity.COURSES, "course_id,name\nK," + "x".repeat(201) + "\n"))
                .containsExactly(new RosterValidator.Problem(2, "name is longer than 200 characters"));
    }

    @SuppressWarnings("unchecked")
    static List<String> errors(ApiException e) {
        return ((List<Map<String, Object>>) e.extra().get("errors")).stream()
                .map(m -> m.get("line") + ": " + m.get("message")).toList();
    }

    @Test
    void aGuardianBelongsToAnImportedStudentWithAnAddressOfTheirOwnAndAYesOrNo() {
        assertThat(validate(RosterEntity.GUARDIANS, "student_email,name,email,notify\nS@c.edu,Lakshmi Menon,Lakshmi@Home.example,Yes\n")).isEmpty();
        assertThat(validate(RosterEntity.GUARDIANS, "student_email,name,email,notify\n"
                + "nobody@c.edu,A,a@home.example,yes\n"
                + "s@c.edu,B,s@c.edu,no\n"
                + "s@c.edu,C,not-an-address,maybe\n"))
                .extracting(p -> p.line() + ": " + p.message())
                .containsExactly("2: student_email nobody@c.edu is not an imported student",
                        "3: a guardian's e-mail is not the student's own",
                        "4: email is not a valid e-mail address",
                        "4: notify must be yes or no (the college's switch for this student's guardian)",
                        "4: student_email s@c.edu repeats line 3");
    }
}
