package org.openedx.events.avro;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openedx.events.DataArgument;
import org.openedx.events.Nullable;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.Types;
import org.openedx.events.avro.fixtures.Samples;
import org.openedx.events.keys.CcxLocator;
import org.openedx.events.keys.CourseKey;
import org.openedx.events.keys.LibraryCollectionLocator;
import org.openedx.events.keys.LibraryContainerLocator;
import org.openedx.events.keys.LibraryLocatorV2;
import org.openedx.events.keys.LibraryUsageLocatorV2;
import org.openedx.events.keys.UsageKey;
import org.openedx.events.wire.FieldNames;

/**
 * JSON-like sample data for any signal, built from its declared types: every field, list and
 * map has a value, and nullable fields are either all set or all null. The values are
 * canonical (as the wire holds them), so a decode gives back exactly the sample.
 */
final class GenericSamples {

    private static final Map<Class<?>, String> TEXT = Map.of(
            OffsetDateTime.class, "2023-05-01T12:00:00.000123+00:00",
            LocalDateTime.class, "2023-05-01T12:00:00",
            UUID.class, "123e4567-e89b-12d3-a456-426614174000",
            CourseKey.class, Samples.COURSE,
            UsageKey.class, Samples.USAGE,
            CcxLocator.class, Samples.CCX,
            LibraryLocatorV2.class, Samples.LIBRARY,
            LibraryUsageLocatorV2.class, Samples.LIBRARY_BLOCK,
            LibraryCollectionLocator.class, Samples.COLLECTION,
            LibraryContainerLocator.class, Samples.CONTAINER);

    private GenericSamples() {
    }

    static Map<String, Object> of(OpenEdxPublicSignal signal, boolean fillNullables) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (DataArgument argument : signal.dataArguments()) {
            data.put(argument.name(), value(argument.type(), argument.name(), fillNullables));
        }
        return data;
    }

    private static Object value(Type type, String name, boolean fillNullables) {
        Class<?> raw = Types.rawClass(type);
        if (TEXT.containsKey(raw)) {
            return TEXT.get(raw);
        }
        if (raw == String.class) {
            return "s-" + name;
        }
        if (raw == long.class || raw == Long.class || raw == int.class || raw == Integer.class) {
            return 42L;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return true;
        }
        if (raw == double.class || raw == Double.class) {
            return 1.25;
        }
        if (raw == List.class) {
            List<Object> list = new ArrayList<>();
            list.add(value(((ParameterizedType) type).getActualTypeArguments()[0], name, fillNullables));
            return list;
        }
        if (raw == Map.class) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("k-" + name, value(((ParameterizedType) type).getActualTypeArguments()[1], name, fillNullables));
            return map;
        }
        if (raw.isRecord()) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (RecordComponent component : raw.getRecordComponents()) {
                String wire = FieldNames.toWire(component.getName());
                boolean nullable = component.isAnnotationPresent(Nullable.class);
                record.put(wire, nullable && !fillNullables ? null
                        : value(component.getGenericType(), wire, fillNullables));
            }
            return record;
        }
        throw new IllegalArgumentException("no sample for " + type);
    }
}
