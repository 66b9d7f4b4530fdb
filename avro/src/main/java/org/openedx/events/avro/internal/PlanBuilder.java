package org.openedx.events.avro.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openedx.events.DataArgument;
import org.openedx.events.Nullable;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.Types;
import org.openedx.events.avro.AvroSchemaException;
import org.openedx.events.wire.FieldNames;

/**
 * Generates an event's Avro schema from its data types, as upstream's schema generator does,
 * and builds the matching codec tree in the same walk. One builder serves one signal: the
 * set of records already defined is per schema.
 *
 * <p>Rules: the top level is the {@code CloudEvent} record with one never-nullable field per
 * data argument; a custom type (exact class) is {@code "string"}; Java primitives and their
 * boxes, {@code String} and {@code byte[]} are Avro primitives; {@code List<T>} is an array
 * and {@code Map<String,T>} a map, whose items may not be custom types; a Java record is an
 * Avro record, written out in full the first time its simple name appears and referenced by
 * name afterwards; a {@code @Nullable} component is {@code ["null", T]} with default null.
 */
public final class PlanBuilder {

    static final String DOC = "Avro Event Format for CloudEvents created with openedx_events/schema";

    private final CustomTypes customTypes;
    private final String eventType;
    private final Map<String, Class<?>> definedRecords = new HashMap<>();
    private final Map<Class<?>, RecordCodec> recordCodecs = new HashMap<>();
    private final Set<Class<?>> inProgress = new HashSet<>();
    private final Deque<String> path = new ArrayDeque<>();

    private PlanBuilder(CustomTypes customTypes, String eventType) {
        this.customTypes = customTypes;
        this.eventType = eventType;
    }

    /**
     * Builds the plan of a signal.
     *
     * @throws AvroSchemaException naming the event type and field when a type has no mapping
     */
    public static EventPlan build(OpenEdxPublicSignal signal, CustomTypes customTypes) {
        return new PlanBuilder(customTypes, signal.eventType()).build(signal.dataArguments());
    }

    private EventPlan build(List<DataArgument> arguments) {
        List<Object> fields = new ArrayList<>(arguments.size());
        String[] names = new String[arguments.size()];
        Codec[] codecs = new Codec[arguments.size()];
        for (int i = 0; i < arguments.size(); i++) {
            DataArgument argument = arguments.get(i);
            path.addLast(argument.name());
            Mapped mapped = fieldType(argument.type());
            path.removeLast();
            fields.add(field(argument.name(), mapped.schema(), false));
            names[i] = argument.name();
            codecs[i] = mapped.codec();
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", "CloudEvent");
        schema.put("type", "record");
        schema.put("doc", DOC);
        schema.put("fields", Collections.unmodifiableList(fields));
        schema.put("namespace", eventType);
        RecordCodec top = new RecordCodec(null, names, codecs, null, null);
        return new EventPlan(eventType, Collections.unmodifiableMap(schema), top, customTypes);
    }

    private static Map<String, Object> field(String name, Object type, boolean nullable) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("name", name);
        field.put("type", nullable ? List.of("null", type) : type);
        if (nullable) {
            field.put("default", null);
        }
        return Collections.unmodifiableMap(field);
    }

    private Mapped fieldType(Type declared) {
        Type type = resolveWildcard(declared);
        Class<?> raw = rawClass(type);
        CustomType<?> custom = customTypes.exact(raw);
        if (custom != null && type instanceof Class<?>) {
            return new Mapped("string", new CustomCodec(custom));
        }
        Mapped primitive = primitive(raw);
        if (primitive != null) {
            return primitive;
        }
        if (raw == List.class) {
            if (!(type instanceof ParameterizedType parameterized)) {
                throw fail("Unable to generate Avro schema for dict or array fields without annotation types.");
            }
            Mapped item = itemType(parameterized.getActualTypeArguments()[0], "list item", "list items");
            return new Mapped(container("array", "items", item.schema()), new ArrayCodec(item.codec()));
        }
        if (raw == Map.class) {
            if (!(type instanceof ParameterizedType parameterized)) {
                throw fail("Unable to generate Avro schema for dict or array fields without annotation types.");
            }
            Type key = resolveWildcard(parameterized.getActualTypeArguments()[0]);
            if (key != String.class) {
                throw fail("Avro maps only support string keys; " + Types.simpleName(type) + " has "
                        + Types.simpleName(key) + " keys");
            }
            Mapped value = itemType(parameterized.getActualTypeArguments()[1], "dictionary value", "dict values");
            return new Mapped(container("map", "values", value.schema()), new MapCodec(value.codec()));
        }
        if (raw.isRecord() && type instanceof Class<?>) {
            return record(raw);
        }
        throw fail("Data type " + type.getTypeName() + " is not supported. The supported types are the"
                + " Avro primitives (String, long/int, boolean, double, byte[]), List<T>, Map<String, T>,"
                + " records and the custom types " + customTypes.classes().stream().map(Class::getSimpleName).toList());
    }

    /** List items and map values: primitives, lists, maps and records, but no custom types. */
    private Mapped itemType(Type declared, String what, String plural) {
        Type type = resolveWildcard(declared);
        Class<?> raw = rawClass(type);
        Mapped primitive = primitive(raw);
        if (primitive != null && !raw.isPrimitive()) {
            return primitive;
        }
        if (raw == List.class || raw == Map.class) {
            if (!(type instanceof ParameterizedType)) {
                throw fail("A " + (raw == List.class ? "List" : "Dictionary") + " as a " + what
                        + " should have a type annotation.");
            }
            return fieldType(type);
        }
        if (raw.isRecord() && type instanceof Class<?>) {
            return record(raw);
        }
        throw fail("Type " + type.getTypeName() + " is not supported for " + plural
                + (customTypes.exact(raw) != null ? " (custom types may not be " + plural + ", as upstream)" : "")
                + ".");
    }

    private static Mapped primitive(Class<?> raw) {
        if (raw == String.class) {
            return new Mapped("string", PrimitiveCodecs.STRING);
        }
        if (raw == long.class || raw == Long.class) {
            return new Mapped("long", PrimitiveCodecs.LONG);
        }
        if (raw == int.class || raw == Integer.class) {
            return new Mapped("long", PrimitiveCodecs.INT);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return new Mapped("boolean", PrimitiveCodecs.BOOLEAN);
        }
        if (raw == double.class || raw == Double.class) {
            return new Mapped("double", PrimitiveCodecs.DOUBLE);
        }
        if (raw == byte[].class) {
            return new Mapped("bytes", PrimitiveCodecs.BYTES);
        }
        return null;
    }

    private static Map<String, Object> container(String type, String key, Object items) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", type);
        schema.put(key, items);
        return Collections.unmodifiableMap(schema);
    }

    private Mapped record(Class<?> type) {
        String name = type.getSimpleName();
        Class<?> defined = definedRecords.get(name);
        if (defined != null) {
            if (defined != type) {
                throw fail("two different classes are named " + name + " (" + defined.getName() + " and "
                        + type.getName() + "); records are defined once per schema by simple name");
            }
            if (inProgress.contains(type)) {
                throw fail("record " + name + " contains itself; recursive records are not supported");
            }
            return new Mapped(name, recordCodecs.get(type));
        }
        definedRecords.put(name, type);
        inProgress.add(type);
        RecordComponent[] components = type.getRecordComponents();
        List<Object> fields = new ArrayList<>(components.length);
        String[] names = new String[components.length];
        Codec[] codecs = new Codec[components.length];
        MethodHandle[] getters = new MethodHandle[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            names[i] = FieldNames.toWire(component.getName());
            path.addLast(names[i]);
            boolean nullable = component.isAnnotationPresent(Nullable.class);
            if (nullable && component.getType().isPrimitive()) {
                throw fail("@Nullable on the primitive component " + component.getName() + " of " + type.getName()
                        + "; use the boxed type");
            }
            Mapped mapped = fieldType(component.getGenericType());
            fields.add(field(names[i], mapped.schema(), nullable));
            codecs[i] = nullable ? new NullableCodec(mapped.codec()) : mapped.codec();
            getters[i] = getter(component.getAccessor());
            parameterTypes[i] = component.getType();
            path.removeLast();
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", name);
        schema.put("type", "record");
        schema.put("fields", Collections.unmodifiableList(fields));
        RecordCodec codec = new RecordCodec(type, names, codecs, getters, constructor(type, parameterTypes));
        recordCodecs.put(type, codec);
        inProgress.remove(type);
        return new Mapped(Collections.unmodifiableMap(schema), codec);
    }

    private MethodHandle getter(Method accessor) {
        try {
            accessor.trySetAccessible();
            return MethodHandles.lookup().unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
        } catch (IllegalAccessException | RuntimeException e) {
            throw fail("cannot read " + accessor + ": " + e.getMessage());
        }
    }

    private MethodHandle constructor(Class<?> type, Class<?>[] parameterTypes) {
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(parameterTypes);
            canonical.trySetAccessible();
            return MethodHandles.lookup().unreflectConstructor(canonical)
                    .asSpreader(Object[].class, parameterTypes.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw fail("cannot use the canonical constructor of " + type.getName() + ": " + e.getMessage());
        }
    }

    private Class<?> rawClass(Type type) {
        try {
            return Types.rawClass(type);
        } catch (IllegalArgumentException e) {
            throw fail("Data type " + type.getTypeName() + " is not supported");
        }
    }

    private static Type resolveWildcard(Type type) {
        return type instanceof WildcardType wildcard ? wildcard.getUpperBounds()[0] : type;
    }

    private AvroSchemaException fail(String reason) {
        String fieldPath = String.join(".", path);
        return new AvroSchemaException(eventType, fieldPath, "Cannot generate the Avro schema of event "
                + eventType + ": field '" + fieldPath + "': " + reason);
    }

    /** The schema of a type (a name, a map or a list) and the codec for its values. */
    private record Mapped(Object schema, Codec codec) {
    }
}
