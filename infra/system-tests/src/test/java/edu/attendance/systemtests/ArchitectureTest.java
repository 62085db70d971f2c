package edu.attendance.systemtests;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The folders are the architecture. Every module ({@code edu.attendance.<module>}) stands on a floor, and arrows
 * point down only: the ground ({@code infra/platform/*}) uses no service, the read side uses no service, the services
 * use nothing of the top ({@code infra/launcher}, {@code infra/bench}). Within a floor, modules and their features
 * ({@code edu.attendance.<module>.<feature>}) have no cycles, and the services do not reach into each other. The last
 * test shows that the rules catch a planted arrow up and a planted cycle (the {@code archfixture} test classes).
 */
class ArchitectureTest {

    enum Floor { GROUND, READ_SIDE, SERVICES, TOP }

    /** Each module's Java package and its floor; a module missing here fails {@link #everyModuleHasAFloor}. */
    static final Map<String, Floor> FLOORS = Map.ofEntries(
            Map.entry("contracts", Floor.GROUND), Map.entry("platform", Floor.GROUND), Map.entry("engines", Floor.GROUND),
            Map.entry("testsupport", Floor.GROUND),
            Map.entry("analytics", Floor.READ_SIDE),
            Map.entry("ingest", Floor.SERVICES), Map.entry("stream", Floor.SERVICES), Map.entry("dashboard", Floor.SERVICES),
            Map.entry("reports", Floor.SERVICES),
            Map.entry("launcher", Floor.TOP), Map.entry("bench", Floor.TOP));

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("edu.attendance");
    static final List<String> SERVICES = List.of("ingest", "stream", "dashboard", "reports");

    static ArchRule modulesWithoutCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    /** Every dependency from a module to a module on a higher floor. */
    static List<String> arrowsUp(JavaClasses classes, String root, Map<String, Floor> floors) {
        return classes.stream().flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .filter(d -> d.getTargetClass().getPackageName().startsWith(root + "."))
                .filter(d -> floor(d.getOriginClass().getPackageName(), root, floors)
                        .compareTo(floor(d.getTargetClass().getPackageName(), root, floors)) < 0)
                .map(Dependency::getDescription).distinct().toList();
    }

    static Floor floor(String pkg, String root, Map<String, Floor> floors) {
        Floor floor = floors.get(module(pkg, root));
        if (floor == null) {
            throw new AssertionError("module of " + pkg + " has no floor");
        }
        return floor;
    }

    /** {@code edu.attendance.ingest.capture} → {@code ingest}. */
    static String module(String pkg, String root) {
        String rest = pkg.startsWith(root + ".") ? pkg.substring(root.length() + 1) : pkg;
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    @Test
    void everyModuleHasAFloor() {
        assertThat(CLASSES.stream().map(c -> module(c.getPackageName(), "edu.attendance")).distinct())
                .as("every module's classes are imported, and each has a floor")
                .containsExactlyInAnyOrderElementsOf(FLOORS.keySet());
    }

    @Test
    void arrowsPointDownOnly() {
        assertThat(arrowsUp(CLASSES, "edu.attendance", FLOORS)).isEmpty();
    }

    @Test
    void theModulesHaveNoCycle() {
        modulesWithoutCycles("edu.attendance").check(CLASSES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest", "stream", "dashboard", "reports", "analytics", "platform", "engines", "launcher", "bench"})
    void theFeaturesOfAModuleHaveNoCycle(String module) {
        modulesWithoutCycles("edu.attendance." + module).allowEmptyShould(true).check(CLASSES);
    }

    @Test
    void theContractsStandOnNothingOfOurs() {
        noClasses().that().resideInAPackage("edu.attendance.contracts..")
                .should().dependOnClassesThat().resideInAnyPackage("edu.attendance.platform..", "edu.attendance.engines..",
                        "edu.attendance.testsupport..")
                .check(CLASSES);
    }

    @Test
    void servicesDoNotReachIntoEachOther() {
        for (String service : SERVICES) {
            List<String> others = SERVICES.stream().filter(s -> !s.equals(service)).map(s -> "edu.attendance." + s + "..").toList();
            noClasses().that().resideInAPackage("edu.attendance." + service + "..").should().dependOnClassesThat()
                    .resideInAnyPackage(others.toArray(String[]::new)).check(CLASSES);
        }
    }

    @Test
    void onlyTheReadingServicesUseTheReadSide() {
        noClasses().that().resideInAnyPackage("edu.attendance.ingest..", "edu.attendance.stream..").should().dependOnClassesThat()
                .resideInAPackage("edu.attendance.analytics..").check(CLASSES);
    }

    @Test
    void noServiceRunsOnTheEmbeddedEngines() {
        noClasses().that().resideInAnyPackage(SERVICES.stream().map(s -> "edu.attendance." + s + "..").toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage("edu.attendance.engines..", "edu.attendance.testsupport..")
                .check(CLASSES);
    }

    @Test
    void theRulesCatchAPlantedArrowUpAndCycle() {
        JavaClasses fixture = new ClassFileImporter().importPackages("edu.attendance.archfixture");
        assertThat(fixture).hasSize(3);
        assertThatThrownBy(() -> modulesWithoutCycles("edu.attendance.archfixture").check(fixture))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected");
        Map<String, Floor> floors = Map.of("a", Floor.TOP, "b", Floor.TOP, "c", Floor.GROUND);
        assertThat(arrowsUp(fixture, "edu.attendance.archfixture", floors)).singleElement().asString()
                .contains("archfixture.c.Ground").contains("archfixture.a.Left");
        assertThat(arrowsUp(fixture, "edu.attendance.archfixture", Map.of("a", Floor.TOP, "b", Floor.TOP, "c", Floor.TOP)))
                .as("the same classes, all on one floor").isEmpty();
    }
}
