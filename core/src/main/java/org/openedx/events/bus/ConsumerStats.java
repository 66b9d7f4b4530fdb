package org.openedx.events.bus;

/**
 * What a consumer has done so far.
 *
 * @param handled           events every receiver handled
 * @param retried           attempts made again after receivers failed
 * @param deadLettered      messages written to the dead-letter topic (failed events and undecodable messages)
 * @param undecodable       messages that could not be decoded (each also dead-lettered)
 * @param reconnects        times the connection to the backend was lost or could not be made
 * @param consecutiveErrors errors since the last success
 */
public record ConsumerStats(long handled, long retried, long deadLettered, long undecodable, long reconnects,
                            int consecutiveErrors) {
}
