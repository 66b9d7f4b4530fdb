/**
 * The event bus, user API: the running bus of a process ({@link org.openedx.events.bus.EventBus}),
 * producers and consumers ({@link org.openedx.events.bus.EventBusProducer},
 * {@link org.openedx.events.bus.EventBusConsumer}) and every consumer of a process
 * ({@link org.openedx.events.bus.ConsumerWorkers}), the delivery listener through which metrics,
 * tracing and tools hear the pipeline, and the retry policy. Backends implement
 * {@link org.openedx.events.bus.spi}.
 */
package org.openedx.events.bus;
