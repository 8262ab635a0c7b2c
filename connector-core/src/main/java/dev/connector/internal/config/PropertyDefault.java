package dev.connector.internal.config;

import java.util.function.Function;

/**
 * The default of a property, as a property table holds it: a typed value, a named derivation from the
 * runtime and other values (resolved when the configuration is built), or none.
 *
 * @param <C> what a derivation reads: the values resolved so far and the runtime
 */
public final class PropertyDefault<C> {

    /** A derived value and the reason shown as its source, for example {@code default (non-loopback host)}. */
    public record Derived(Object value, String source) {
    }

    private final Object value;
    private final String documentation;
    private final Function<C, Derived> derivation;

    private PropertyDefault(Object value, String documentation, Function<C, Derived> derivation) {
        this.value = value;
        this.documentation = documentation;
        this.derivation = derivation;
    }

    /** A fixed value; {@code note} (may be null) is added to the documented text: "0 (no limit)". */
    public static <C> PropertyDefault<C> fixed(Object value, ValueType<?> type, String note) {
        String text = type.writeAny(value);
        return new PropertyDefault<>(value, note == null ? text : text + " (" + note + ")", null);
    }

    /** Derived when the configuration is built; the derivation returns null to leave the property unset. */
    public static <C> PropertyDefault<C> derived(String documentation, Function<C, Derived> derivation) {
        return new PropertyDefault<>(null, documentation, derivation);
    }

    /** No default: the property stays unset, and {@code documentation} says what that means. */
    public static <C> PropertyDefault<C> unset(String documentation) {
        return new PropertyDefault<>(null, documentation, null);
    }

    /** The default in the reference documentation. */
    public String documentation() {
        return documentation;
    }

    /** The fixed value, or null when the default is derived or there is none. */
    public Object fixedValue() {
        return value;
    }

    public boolean isFixed() {
        return value != null;
    }

    public boolean isDerived() {
        return derivation != null;
    }

    /** The default in this context: the fixed value with source "default", a derived one, or null. */
    public Derived resolve(C context) {
        if (value != null) {
            return new Derived(value, "default");
        }
        return derivation == null ? null : derivation.apply(context);
    }
}
