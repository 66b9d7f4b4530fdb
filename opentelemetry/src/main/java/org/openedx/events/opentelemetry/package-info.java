/**
 * OpenTelemetry tracing of the event bus: {@link org.openedx.events.opentelemetry.OpenTelemetryEventTracing},
 * given to {@code EventBus.builder().tracing(...)}, or enabled for {@code GlobalOpenTelemetry} by
 * {@code EVENT_BUS_TRACING_ENABLED}.
 */
package org.openedx.events.opentelemetry;
