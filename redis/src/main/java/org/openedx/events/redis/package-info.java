/**
 * The Redis Streams event bus, wire-compatible with edx-event-bus-redis:
 * {@link org.openedx.events.redis.RedisBackend}, a backend of core's delivery pipeline (which
 * does the retries, dead-letter decisions, limits, audit log and counters), configured by
 * {@link org.openedx.events.redis.RedisSettings}.
 */
package org.openedx.events.redis;
