package org.openedx.events.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a JUnit 5 test class: only these event types are enabled while the class runs, and
 * their receiver exceptions reach the test; every signal is enabled again afterwards, and
 * signals the tests define are dropped from the registry.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(OpenEdxEventsExtension.class)
public @interface EnableOpenEdxEvents {

    String[] value();
}
