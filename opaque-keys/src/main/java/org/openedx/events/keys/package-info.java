/**
 * The edx-opaque-keys identifiers that Open edX event data carries, as immutable values that parse
 * and print exactly as edx-opaque-keys 4.0.0 (and edx-ccx-keys for CCX keys) do.
 *
 * <p>Each key type has a static {@code parse(String)} that accepts the namespaces of its
 * implementations and, for {@link org.openedx.events.keys.CourseKey} and
 * {@link org.openedx.events.keys.UsageKey}, the deprecated namespace-less forms. Invalid text
 * raises {@link org.openedx.events.keys.InvalidKeyException}. Letters and digits of any script
 * are accepted where upstream's Unicode {@code \w} is.
 */
package org.openedx.events.keys;
