/**
 * The event bus: the running bus of a process ({@link org.openedx.events.bus.EventBus}), the
 * producer and consumer SPI that backends implement, and the shared consumer kit (emitting,
 * consecutive errors, running several consumers).
 */
package org.openedx.events.bus;
