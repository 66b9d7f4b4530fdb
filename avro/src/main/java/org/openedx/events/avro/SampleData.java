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
import org.openedx.events.EventData;
import org.openedx.events.Nullable;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.Types;
import org.openedx.events.keys.CcxLocator;
import org.openedx.events.keys.CourseKey;
import org.openedx.events.keys.LibraryCollectionLocator;
import org.openedx.events.keys.LibraryContainerLocator;
import org.openedx.events.keys.LibraryLocatorV2;
import org.openedx.events.keys.LibraryUsageLocatorV2;
import org.openedx.events.keys.UsageKey;
import org.openedx.events.wire.FieldNames;

/**
 * Sample data for any signal, built from its declared types: every field, list and map has a
 * value, and nullable fields are either all set or all null. The values are canonical (as the
 * wire holds them), so a decode gives back exactly the sample: for tests, examples and tools.
 */
public final class SampleData {

    private static final Map<Class<?>, String> TEXT = Map.of(
            OffsetDateTime.class, "2023-05-01T12:00:00.000123+00:00",
            LocalDateTime.class, "2023-05-01T12:00:00",
            UUID.class, "123e4567-e89b-12d3-a456-426614174000",
            CourseKey.class, "course-v1:edX+DemoX+Demo_Course",
            UsageKey.class, "block-v1:edx+DemoX+Demo_course+type@video+block@UaEBjyMjcLW65gaTXggB93WmvoxGAJa0JeHRrDThk",
            CcxLocator.class, "ccx-v1:edx+DemoX+Demo_course+ccx@1",
            LibraryLocatorV2.class, "lib:MITx:reallyhardproblems",
            LibraryUsageLocatorV2.class, "lb:MITx:reallyhardproblems:problem:problem1",
            LibraryCollectionLocator.class, "lib-collection:MITx:reallyhardproblems:col1",
            LibraryContainerLocator.class, "lct:MITx:reallyhardproblems:unit:test-container");

    private SampleData() {
    }

    /**
     * Typed sample data of a signal, through the JSON-like sample and the serializer.
     *
     * @param fillNullables whether nullable fields get a value too (else they are null)
     */
    public static EventData of(OpenEdxPublicSignal signal, boolean fillNullables) {
        AvroEventSerializer serializer = AvroEventSerializer.defaults();
        return serializer.deserialize(signal, serializer.serializeGeneric(signal, generic(signal, fillNullables)));
    }

    /**
     * JSON-like sample data of a signal (argument name to value), in the shape
     * {@code produce --data} takes.
     */
    public static Map<String, Object> generic(OpenEdxPublicSignal signal, boolean fillNullables) {
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
