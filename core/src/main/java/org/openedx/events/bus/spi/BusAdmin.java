package org.openedx.events.bus.spi;

import java.util.Collection;
import java.util.List;

/**
 * What tools ask of a backend about its topics and consumer groups, outside of producing and
 * consuming: the primitives of {@code org.openedx.events.ops.BusOperations}, which holds the
 * rules (checks, order, dead-letter selection) every backend shares. Topics are named as on the
 * bus (with the prefix). A backend that cannot do an operation throws
 * {@link UnsupportedOperationException} saying so.
 */
public interface BusAdmin extends AutoCloseable {

    /** Whether the topic exists on the bus (holds or held messages, or has a consumer group). */
    boolean topicExists(String fullTopic);

    /**
     * Removes a consumer group of a topic, with its position; the group's consumers must be stopped.
     *
     * @return whether there was such a group
     */
    boolean deleteGroup(String fullTopic, String group);

    /** The topics on the bus whose names start with {@code prefix} (every topic for an empty one), by name. */
    default List<TopicInfo> topics(String prefix) {
        throw unsupported("list topics");
    }

    /** The consumer groups of a topic, by name; empty when it has none. */
    default List<GroupInfo> groups(String fullTopic) {
        throw unsupported("list consumer groups");
    }

    /** Up to {@code limit} messages of a topic, oldest first, from the oldest it holds. */
    default List<StoredMessage> read(String fullTopic, int limit) {
        throw unsupported("read a topic");
    }

    /**
     * Writes a dead letter's original envelope back to its original topic, unchanged (key, value,
     * metadata, trace context; without the dead letter's attributes), and returns once the backend
     * confirmed it.
     *
     * @param deadLetterTopic the dead-letter topic as on the bus
     * @param fullTopic       where it goes, as on the bus
     * @return the new message's position
     */
    default String redrive(String deadLetterTopic, StoredMessage letter, String fullTopic) {
        throw unsupported("send a dead letter back");
    }

    /**
     * Throws, changing nothing, when the backend cannot remove exactly these messages (Kafka
     * removes only from the start of a partition), naming what stands in the way.
     */
    default void checkRemovable(String fullTopic, Collection<StoredMessage> messages) {
    }

    /** Removes these messages of a topic. */
    default void remove(String fullTopic, Collection<StoredMessage> messages) {
        throw unsupported("remove messages");
    }

    /**
     * Moves a group's position; the group must exist. A backend that cannot move a group whose
     * consumers run says so and changes nothing.
     *
     * @throws IllegalArgumentException naming the position when it is out of the topic's range
     * @throws IllegalStateException when the group's consumers run and the backend cannot move it then
     */
    default GroupMove moveGroup(String fullTopic, String group, GroupTarget target) {
        throw unsupported("move a consumer group");
    }

    /**
     * Connects to every service the backend uses (the store, the server, the brokers, a schema
     * registry) and says what it reached, one line each, with no password or secret in any.
     *
     * @throws RuntimeException naming the service, and the setting that points to it, that cannot be reached
     */
    default List<String> reach() {
        throw unsupported("check its connections");
    }

    /** Releases connections. */
    @Override
    void close();

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("This backend cannot " + what);
    }
}
