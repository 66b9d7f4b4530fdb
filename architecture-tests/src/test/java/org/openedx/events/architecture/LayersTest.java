package org.openedx.events.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three layers of every module, held by the build: the user API, the backend SPI
 * ({@code org.openedx.events.bus.spi} and the wire codecs) and internal packages, which no other
 * module reaches into; and core free of backend libraries.
 */
class LayersTest {

    private static final String[] CORE = {"org.openedx.events", "org.openedx.events.bus", "org.openedx.events.bus.spi",
        "org.openedx.events.bus.internal", "org.openedx.events.settings", "org.openedx.events.wire",
        "org.openedx.events.internal", "org.openedx.events.ops"};
    private static final String[] API = {"org.openedx.events", "org.openedx.events.bus", "org.openedx.events.bus.spi",
        "org.openedx.events.ops",
        "org.openedx.events.settings", "org.openedx.events.wire", "org.openedx.events.keys",
        "org.openedx.events.avro", "org.openedx.events.embedded", "org.openedx.events.redis",
        "org.openedx.events.kafka", "org.openedx.events.testkit..", "org.openedx.events.catalog..",
        "org.openedx.events.micrometer", "org.openedx.events.opentelemetry", "org.openedx.events.outbox"};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.openedx.events");
    }

    @Test
    void onlyCoreUsesCoresInternalPackages() {
        noClasses().that().resideOutsideOfPackages(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("org.openedx.events.internal..",
                        "org.openedx.events.bus.internal..")
                .check(classes);
    }

    @Test
    void eachModuleKeepsItsInternalPackageToItself() {
        for (String module : new String[] {"avro", "embedded", "redis", "kafka", "outbox"}) {
            noClasses().that().resideOutsideOfPackages("org.openedx.events." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("org.openedx.events." + module + ".internal..")
                    .check(classes);
        }
    }

    @Test
    void coreIsFreeOfFrameworksAndBackendLibraries() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.avro..", "io.lettuce..",
                        "org.apache.kafka..", "org.sqlite..", "picocli..", "org.openedx.events.avro..",
                        "org.openedx.events.embedded..", "org.openedx.events.redis..", "org.openedx.events.kafka..",
                        "org.openedx.events.testkit..", "org.openedx.events.cli..", "io.micrometer..",
                        "io.opentelemetry..", "org.openedx.events.micrometer..", "org.openedx.events.opentelemetry..",
                        "org.springframework..", "org.openedx.events.spring..",
                        "org.openedx.events.outbox..", "org.flywaydb..")
                .check(classes);
    }

    @Test
    void theOutboxKnowsNoBackendOnlyTheBusApi() {
        noClasses().that().resideInAnyPackage("org.openedx.events.outbox..")
                .should().dependOnClassesThat().resideInAnyPackage("org.openedx.events.embedded..",
                        "org.openedx.events.redis..", "org.openedx.events.kafka..", "org.openedx.events.avro..",
                        "io.lettuce..", "org.apache.kafka..")
                .check(classes);
    }

    @Test
    void metricsAndTracingKnowNoBackendOnlyTheBusApi() {
        noClasses().that().resideInAnyPackage("org.openedx.events.micrometer..", "org.openedx.events.opentelemetry..")
                .should().dependOnClassesThat().resideInAnyPackage("org.openedx.events.embedded..",
                        "org.openedx.events.redis..", "org.openedx.events.kafka..", "org.openedx.events.bus.spi..",
                        "org.openedx.events.avro..", "io.lettuce..", "org.apache.kafka..")
                .check(classes);
        noClasses().that().resideInAnyPackage("org.openedx.events.embedded..", "org.openedx.events.redis..",
                        "org.openedx.events.kafka..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.opentelemetry..")
                .check(classes);
    }

    @Test
    void backendsDependOnCoreThroughTheSpiNotTheReverse() {
        noClasses().that().resideInAnyPackage("org.openedx.events.embedded..", "org.openedx.events.redis..",
                        "org.openedx.events.kafka..")
                .should().dependOnClassesThat().resideInAnyPackage("org.openedx.events.cli..",
                        "org.openedx.events.testkit..")
                .check(classes);
    }

    @Test
    void publicSignaturesOfApiPackagesShowNoInternalType() {
        methods().that().arePublic().and().areDeclaredInClassesThat().resideInAnyPackage(API)
                .and().areDeclaredInClassesThat().arePublic()
                .should(new NoInternalTypes())
                .check(classes);
    }

    /** No parameter or return type of the method lives in an internal package. */
    private static final class NoInternalTypes extends ArchCondition<JavaMethod> {
        NoInternalTypes() {
            super("show no type of an internal package in their signature");
        }

        @Override
        public void check(JavaMethod method, ConditionEvents events) {
            if (method.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                return;
            }
            for (JavaClass type : method.getAllInvolvedRawTypes()) {
                if (INTERNAL.test(type)) {
                    events.add(SimpleConditionEvent.violated(method, method.getFullName() + " uses "
                            + type.getName()));
                }
            }
        }
    }

    private static final DescribedPredicate<JavaClass> INTERNAL = new DescribedPredicate<>("internal") {
        @Override
        public boolean test(JavaClass type) {
            return type.getPackageName().contains(".internal");
        }
    };
}
