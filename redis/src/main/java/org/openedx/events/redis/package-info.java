/**
 * The Redis Streams event bus, wire-compatible with edx-event-bus-redis:
 * {@link org.openedx.events.redis.RedisEventProducer} and
 * {@link org.openedx.events.redis.RedisEventConsumer}, selected through
 * {@link org.openedx.events.redis.RedisBackend} and configured by
 * {@link org.openedx.events.redis.RedisSettings}.
 */
package org.openedx.events.redis;
