package org.custos.server;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one-way dependencies of DESIGN.md: tlog, vault and the contract with the owner's algorithm (recsys-api)
 * depend on no other module; the engine only on the contract; app only on vault and the contract, never on the
 * engine; release only on tlog and vault; and only server and cli know server (only cli knows cli). Checked on the main classes of
 * every module on this module's class path.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.custos");
    }

    @Test
    void tlog_dependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("org.custos.tlog..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.custos.vault..", "org.custos.app..", "org.custos.recsys..", "org.custos.server..",
                        "org.custos.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void recsys_dependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("org.custos.recsys..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.custos.vault..", "org.custos.app..", "org.custos.tlog..", "org.custos.release..",
                        "org.custos.gateway..", "org.custos.lockbox..", "org.custos.server..", "org.custos.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void theContract_dependsOnTheJdkAlone() {
        noClasses().that().resideInAPackage("org.custos.recsys.api..")
                .should().dependOnClassesThat(resideOutsideOfPackages("org.custos.recsys.api..", "java..", "javax..",
                        "jdk.."))
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void onlyTheEngineAndItsEvaluation_knowTheEngine() {
        noClasses().that().resideOutsideOfPackages("org.custos.recsys..", "org.custos.benchmarks..")
                .should().dependOnClassesThat(resideInAPackage("org.custos.recsys..")
                        .and(resideOutsideOfPackage("org.custos.recsys.api..")))
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void release_dependsOnlyOnTlogAndVault() {
        noClasses().that().resideInAPackage("org.custos.release..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.custos.app..", "org.custos.recsys..", "org.custos.gateway..", "org.custos.lockbox..",
                        "org.custos.server..", "org.custos.cli..")
                .check(classes);
    }

    @Test
    void vault_dependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("org.custos.vault..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.custos.app..", "org.custos.recsys..", "org.custos.tlog..", "org.custos.server..",
                        "org.custos.cli..")
                .check(classes);
    }

    @Test
    void app_dependsOnlyOnVaultAndTheContract() {
        noClasses().that().resideInAPackage("org.custos.app..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.custos.tlog..", "org.custos.release..", "org.custos.server..", "org.custos.cli..")
                .check(classes);
    }

    @Test
    void lockbox_dependsOnlyOnVault() {
        noClasses().that().resideInAPackage("org.custos.lockbox..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.custos.app..", "org.custos.recsys..", "org.custos.tlog..", "org.custos.gateway..",
                        "org.custos.server..", "org.custos.cli..")
                .check(classes);
    }

    @Test
    void gateway_dependsOnlyOnVault() {
        noClasses().that().resideInAPackage("org.custos.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.custos.app..", "org.custos.recsys..", "org.custos.tlog..", "org.custos.lockbox..",
                        "org.custos.server..", "org.custos.cli..")
                .check(classes);
    }

    @Test
    void app_doesNotKnowTheGateway() {
        noClasses().that().resideInAPackage("org.custos.app..")
                .should().dependOnClassesThat().resideInAnyPackage("org.custos.gateway..")
                .check(classes);
    }

    @Test
    void server_isKnownOnlyToServerAndCli() {
        noClasses().that().resideOutsideOfPackages("org.custos.server..", "org.custos.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.custos.server..")
                .check(classes);
    }

    @Test
    void cli_isKnownOnlyToCli() {
        noClasses().that().resideOutsideOfPackage("org.custos.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.custos.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
