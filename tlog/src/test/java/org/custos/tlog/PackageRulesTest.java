package org.custos.tlog;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The maths stays apart from I/O, and the verifier never runs the custodian's storage or sequencing code. */
class PackageRulesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.custos.tlog");

    @Test
    void verifier_doesNotDependOnLogStorageOrSequencing() {
        noClasses().that().resideInAPackage("..tlog.verify..")
                .should().dependOnClassesThat().resideInAnyPackage("..tlog.storage..", "..tlog.internal..",
                        "..tlog.witness..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("..tlog.verify..")
                .should().dependOnClassesThat().haveFullyQualifiedName(TransparencyLog.class.getName())
                .check(CLASSES);
    }

    @Test
    void pureMaths_hasNoIoOrServerDependencies() {
        noClasses().that().resideInAnyPackage("..tlog.merkle..", "..tlog.note..", "..tlog.tiles..", "..tlog.proof..",
                        "..tlog.entry..")
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "io.helidon..",
                        "..tlog.storage..", "..tlog.internal..", "..tlog.verify..", "..tlog.witness..", "..tlog.tool..")
                .check(CLASSES);
    }
}
