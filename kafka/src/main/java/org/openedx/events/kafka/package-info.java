/**
 * The Kafka event bus, wire-compatible with edx-event-bus-kafka 6.1.0: {@link
 * org.openedx.events.kafka.KafkaBackend} (selected by {@code EVENT_BUS_PRODUCER=kafka} /
 * {@code EVENT_BUS_CONSUMER=kafka}), its {@link org.openedx.events.kafka.KafkaSettings}, the
 * {@link org.openedx.events.kafka.KafkaEventProducer} and
 * {@link org.openedx.events.kafka.KafkaEventConsumer}, a small Confluent-API
 * {@link org.openedx.events.kafka.SchemaRegistryClient}, and the librdkafka-compatible
 * {@link org.openedx.events.kafka.ConsistentRandomPartitioner}.
 */
package org.openedx.events.kafka;
