package org.openedx.events.bus.spi;

/**
 * What tools ask of a backend about its topics and consumer groups, outside of producing and
 * consuming. Topics are named as on the bus (with the prefix).
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

    /** Releases connections. */
    @Override
    void close();
}
