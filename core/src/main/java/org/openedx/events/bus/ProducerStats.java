package org.openedx.events.bus;

/**
 * What a producer has done so far.
 *
 * @param sent      events given to {@link EventBusProducer#send}
 * @param delivered events the backend confirmed
 * @param failed    events that could not be delivered (each one logged with its data and metadata)
 * @param pending   events sent and neither confirmed nor failed yet
 */
public record ProducerStats(long sent, long delivered, long failed, long pending) {
}
