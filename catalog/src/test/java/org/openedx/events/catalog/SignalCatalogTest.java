package org.openedx.events.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openedx.events.DataArgument;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalCatalog;
import org.openedx.events.SignalRegistry;
import org.openedx.events.catalog.analytics.AnalyticsSignals;
import org.openedx.events.catalog.authz.AuthzSignals;
import org.openedx.events.catalog.contentauthoring.ContentAuthoringSignals;
import org.openedx.events.catalog.enterprise.EnterpriseSignals;
import org.openedx.events.catalog.learning.LearningSignals;

/** The signals match the golden catalog one by one, and are registered in its order. */
class SignalCatalogTest {

    static Stream<JsonNode> goldenSignals() {
        return GoldenCatalog.signals().stream();
    }

    @Test
    void registryHoldsExactlyTheCatalogInOrder() {
        List<String> expected = GoldenCatalog.signals().stream().map(s -> s.get("event_type").asText()).toList();

        assertThat(expected).hasSize(75);
        assertThat(SignalRegistry.all()).extracting(OpenEdxPublicSignal::eventType).containsExactlyElementsOf(expected);
        assertThat(OpenEdxCatalog.all()).containsExactlyElementsOf(SignalRegistry.all());
        assertThat(new OpenEdxCatalog().signals()).isSameAs(OpenEdxCatalog.all());
    }

    @Test
    void catalogIsAServiceLoaderService() {
        List<SignalCatalog> catalogs = new ArrayList<>();
        ServiceLoader.load(SignalCatalog.class).forEach(catalogs::add);

        assertThat(catalogs).hasExactlyElementsOfTypes(OpenEdxCatalog.class);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("goldenSignals")
    void signalMatchesTheCatalog(JsonNode golden) {
        String eventType = golden.get("event_type").asText();
        OpenEdxPublicSignal signal = SignalRegistry.get(eventType);

        List<String> names = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        golden.get("data").fields().forEachRemaining(entry -> {
            names.add(entry.getKey());
            classes.add(GoldenCatalog.javaClassName(entry.getValue().asText()));
        });
        assertThat(signal.dataArguments()).extracting(DataArgument::name).containsExactlyElementsOf(names);
        assertThat(signal.dataArguments()).extracting(argument -> argument.rawType().getName())
                .containsExactlyElementsOf(classes);
        JsonNode keyField = golden.get("event_key_field");
        assertThat(signal.eventKeyField()).isEqualTo(
                keyField.isNull() ? java.util.Optional.empty() : java.util.Optional.of(keyField.asText()));
        assertThat(signal.serializable()).isEqualTo(!golden.get("known_unserializable").asBoolean());
        assertThat(signal.constantName()).contains(golden.get("constant").asText());
        assertThat(signal.minorVersion()).isEqualTo(golden.get("minor_version").asInt());
    }

    @Test
    void knownUnserializableSignalsAreMarked() {
        List<String> expected = new ArrayList<>();
        GoldenCatalog.ROOT.get("known_unserializable_signals").forEach(type -> expected.add(type.asText()));

        assertThat(SignalRegistry.all()).filteredOn(signal -> !signal.serializable())
                .extracting(OpenEdxPublicSignal::eventType)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void eachSubdomainClassHoldsItsModuleInSourceOrder() throws IllegalAccessException {
        Map<String, Class<?>> holders = Map.of(
                "openedx_events.analytics.signals", AnalyticsSignals.class,
                "openedx_events.authz.signals", AuthzSignals.class,
                "openedx_events.content_authoring.signals", ContentAuthoringSignals.class,
                "openedx_events.enterprise.signals", EnterpriseSignals.class,
                "openedx_events.learning.signals", LearningSignals.class);
        for (Map.Entry<String, Class<?>> holder : holders.entrySet()) {
            List<String> expected = GoldenCatalog.signals().stream()
                    .filter(s -> s.get("module").asText().equals(holder.getKey()))
                    .map(s -> s.get("constant").asText())
                    .toList();

            List<String> constants = new ArrayList<>();
            for (Field field : holder.getValue().getDeclaredFields()) {
                if (field.getType() == OpenEdxPublicSignal.class && Modifier.isPublic(field.getModifiers())) {
                    OpenEdxPublicSignal signal = (OpenEdxPublicSignal) field.get(null);
                    assertThat(signal.constantName()).contains(field.getName());
                    assertThat(SignalRegistry.get(signal.eventType())).isSameAs(signal);
                    constants.add(field.getName());
                }
            }
            assertThat(constants).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(allOf(holder.getValue())).extracting(s -> s.constantName().orElseThrow())
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void dataArgumentTypesAreTheCatalogRecords() {
        Iterator<JsonNode> golden = GoldenCatalog.signals().iterator();
        for (OpenEdxPublicSignal signal : OpenEdxCatalog.all()) {
            JsonNode data = golden.next().get("data");
            for (DataArgument argument : signal.dataArguments()) {
                assertThat(argument.rawType()).isRecord()
                        .isEqualTo(GoldenCatalog.javaClass(data.get(argument.name()).asText()));
                assertThat(argument.type()).isEqualTo(argument.rawType());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<OpenEdxPublicSignal> allOf(Class<?> holder) {
        try {
            return (List<OpenEdxPublicSignal>) holder.getMethod("all").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
