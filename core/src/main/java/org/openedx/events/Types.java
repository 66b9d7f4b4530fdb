package org.openedx.events;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;

/** Small helpers over {@link java.lang.reflect.Type}. */
public final class Types {

    private Types() {
    }

    /** The class behind a declared type ({@code List<String>} gives {@code List}). */
    public static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType g) {
            return java.lang.reflect.Array.newInstance(rawClass(g.getGenericComponentType()), 0).getClass();
        }
        if (type instanceof WildcardType w) {
            return rawClass(w.getUpperBounds()[0]);
        }
        if (type instanceof TypeVariable<?> v) {
            return rawClass(v.getBounds()[0]);
        }
        throw new IllegalArgumentException("Unsupported type: " + type);
    }

    /** The simple, readable name of a declared type, e.g. {@code List<String>}. */
    public static String simpleName(Type type) {
        if (type instanceof Class<?> c) {
            return c.getSimpleName();
        }
        if (type instanceof ParameterizedType p) {
            StringBuilder text = new StringBuilder(rawClass(p).getSimpleName()).append('<');
            Type[] args = p.getActualTypeArguments();
            for (int i = 0; i < args.length; i++) {
                text.append(i == 0 ? "" : ", ").append(simpleName(args[i]));
            }
            return text.append('>').toString();
        }
        return type.getTypeName();
    }
}
