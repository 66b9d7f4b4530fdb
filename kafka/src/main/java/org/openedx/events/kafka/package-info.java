/**
 * The Kafka event bus, wire-compatible with edx-event-bus-kafka 6.1.0: {@link
 * org.openedx.events.kafka.KafkaBackend} (selected by {@code EVENT_BUS_PRODUCER=kafka} /
 * {@code EVENT_BUS_CONSUMER=kafka}, with its {@code --extra} options), its
 * {@link org.openedx.events.kafka.KafkaSettings}, a small Confluent-API
 * {@link org.openedx.events.kafka.SchemaRegistryClient}, and the librdkafka-compatible
 * {@link org.openedx.events.kafka.ConsistentRandomPartitioner}. The backend only moves bytes:
 * core's delivery pipeline wraps its transports (retries, dead-letter decisions, limits, audit
 * log, counters, listeners).
 */
package org.openedx.events.kafka;
