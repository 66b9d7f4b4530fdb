/**
 * The backend SPI: what a bus implementation provides ({@link org.openedx.events.bus.spi.EventBusBackend},
 * found with {@link java.util.ServiceLoader}): a producer transport that writes encoded events and
 * a consumer transport that fetches, commits and writes dead letters. Core wraps both in the one
 * delivery pipeline; a backend holds no delivery policy. Stable for backend authors; the contract
 * test kit in {@code openedx-events-testkit} checks an implementation.
 */
package org.openedx.events.bus.spi;
