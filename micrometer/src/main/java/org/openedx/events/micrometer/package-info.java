/**
 * Micrometer metrics of the event bus: {@link org.openedx.events.micrometer.EventBusMetrics}, a
 * delivery listener plus gauges of consumer lag and producer pending events.
 */
package org.openedx.events.micrometer;
