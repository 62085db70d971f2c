package edu.attendance.launcher;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The folder map is the architecture: modules ({@code edu.attendance.<module>}) and their features
 * ({@code edu.attendance.<module>.<feature>}) have no cycles, the contracts and the platform depend on no service,
 * services do not reach into each other, and an {@code internal} package is used only inside its own module.
 * The last test shows that the rules catch a deliberate cycle and reach (the {@code archfixture} test classes).
 */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("edu.attendance");
    static final List<String> SERVICES = List.of("ingest", "stream", "dashboard", "reports");

    static ArchRule modulesWithoutCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    /** Every dependency on a class in an {@code internal} package from outside that package's module. */
    static List<String> reachesIntoInternals(JavaClasses classes, String root) {
        return classes.stream().flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .filter(d -> d.getTargetClass().getPackageName().contains(".internal"))
                .filter(d -> !module(d.getOriginClass().getPackageName(), root).equals(module(d.getTargetClass().getPackageName(), root)))
                .map(Dependency::getDescription).distinct().toList();
    }

    /** {@code edu.attendance.ingest.capture.internal} → {@code ingest}. */
    static String module(String pkg, String root) {
        String rest = pkg.startsWith(root + ".") ? pkg.substring(root.length() + 1) : pkg;
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    @Test
    void theModulesHaveNoCycle() {
        assertThat(CLASSES.stream().map(c -> module(c.getPackageName(), "edu.attendance")).distinct())
                .as("every module's classes are imported").contains("contracts", "platform", "engines", "analytics", "ingest",
                        "stream", "dashboard", "reports", "launcher");
        modulesWithoutCycles("edu.attendance").check(CLASSES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest", "stream", "dashboard", "reports", "analytics", "platform", "engines", "launcher"})
    void theFeaturesOfAModuleHaveNoCycle(String module) {
        modulesWithoutCycles("edu.attendance." + module).allowEmptyShould(true).check(CLASSES);
    }

    @Test
    void theContractsAndThePlatformDependOnNoService() {
        noClasses().that().resideInAnyPackage("edu.attendance.contracts..", "edu.attendance.platform..", "edu.attendance.engines..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream().map(s -> "edu.attendance." + s + "..").toArray(String[]::new))
                .check(CLASSES);
        noClasses().that().resideInAPackage("edu.attendance.contracts..")
                .should().dependOnClassesThat().resideInAnyPackage("edu.attendance.platform..", "edu.attendance.engines..")
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
    void theReadSideIsSharedAndDependsOnNoService() {
        noClasses().that().resideInAPackage("edu.attendance.analytics..").should().dependOnClassesThat()
                .resideInAnyPackage(SERVICES.stream().map(s -> "edu.attendance." + s + "..").toArray(String[]::new))
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("edu.attendance.ingest..", "edu.attendance.stream..").should().dependOnClassesThat()
                .resideInAPackage("edu.attendance.analytics..").check(CLASSES);
    }

    @Test
    void nobodyReachesIntoAnotherModulesInternals() {
        assertThat(reachesIntoInternals(CLASSES, "edu.attendance")).isEmpty();
    }

    @Test
    void theRulesCatchADeliberateCycleAndReach() {
        JavaClasses fixture = new ClassFileImporter().importPackages("edu.attendance.archfixture");
        assertThat(fixture).hasSize(3);
        assertThatThrownBy(() -> modulesWithoutCycles("edu.attendance.archfixture").check(fixture))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected");
        assertThat(reachesIntoInternals(fixture, "edu.attendance.archfixture")).singleElement().asString()
                .contains("archfixture.a.Left").contains("archfixture.c.internal.Hidden");
    }
}
