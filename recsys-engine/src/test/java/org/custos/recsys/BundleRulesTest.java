package org.custos.recsys;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.FileDescriptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the algorithm bundle's code (the contract and the engine, the main classes on this module's class path) may
 * do: depend on the JDK, Lucene and itself only, and never write to standard output, which carries the
 * protocol's frames and nothing else.
 */
class BundleRulesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.custos.recsys");
    }

    @Test
    void bundle_dependsOnTheJdkLuceneAndItselfOnly() {
        noClasses().that().resideInAPackage("org.custos.recsys..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "jdk.incubator.vector..",
                        "org.apache.lucene..", "org.custos.recsys..")
                .because("the bundle holds the contract, the engine and Lucene, nothing else")
                .check(classes);
    }

    @Test
    void noClass_writesToStandardOutput() {
        noClasses().should().accessField(System.class, "out")
                .because("standard output carries the protocol's frames; logging goes to standard error")
                .check(classes);
    }

    @Test
    void onlyTheEntryPoint_holdsTheOutputDescriptor() {
        noClasses().that().doNotHaveFullyQualifiedName(EngineMain.class.getName())
                .should().accessField(FileDescriptor.class, "out")
                .check(classes);
    }
}
