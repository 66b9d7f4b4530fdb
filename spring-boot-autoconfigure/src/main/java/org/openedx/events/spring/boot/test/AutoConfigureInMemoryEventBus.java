package org.openedx.events.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * On a {@code @SpringBootTest} class: the test kit's {@link org.openedx.events.testkit.InMemoryEventBus}
 * replaces the bus the settings configure. Events the application sends go to it (encoded as on the
 * wire, with the topic prefix of the settings); no consumer runs, and the test hands what a topic
 * holds to the application's receivers with {@code memory.drain(topic, group)}. Inject the bus with
 * {@code @Autowired InMemoryEventBus memory}.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureInMemoryEventBus
 * class EnrollmentsTest {
 *     @Autowired InMemoryEventBus memory;
 *     ...
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(InMemoryEventBusConfiguration.class)
public @interface AutoConfigureInMemoryEventBus {
}
