/**
 * The machinery behind the Redis bus: the producer and consumer transports core's delivery
 * pipeline drives, the pipelined sender, the consumer's connection, the entry codec. Not an
 * API: these types may change at any time.
 */
package org.openedx.events.redis.internal;
