package org.openedx.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a receiver of the named event types; {@link Receivers#connect(Object)}
 * connects every such method of an object. The method's parameters are filled by type:
 * {@link ReceivedEvent}, {@link EventsMetadata}, {@link EventData},
 * {@link OpenEdxPublicSignal}, {@code boolean} (whether the event came from the bus), or a
 * data argument's type (matched by parameter name first when the class keeps names).
 * Whatever the method returns is the receiver's response.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnEvent {

    /** The event types, e.g. {@code org.openedx.learning.auth.session.login.completed.v1}. */
    String[] value();
}
