package org.openedx.events.outbox.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openedx.events.bus.RetryPolicy;
import org.openedx.events.bus.StoredEventProducer;
import org.openedx.events.bus.spi.TransportException;
import org.openedx.events.settings.DeliverySettings;
import org.openedx.events.settings.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One topic's relay state and its batches: with the topic's row locked for the transaction
 * (so no other relay publishes the topic meanwhile), publish the first rows in order, wait for
 * the broker's answers, delete the confirmed prefix and record the first failure. The relay's
 * thread only.
 */
public final class TopicRelay {

    private static final Logger LOG = LoggerFactory.getLogger("org.openedx.events.outbox.relay");

    private final String fullTopic;
    private final StoredEventProducer producer;
    private final DeliverySettings delivery;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration sendTimeout;
    private final Clock clock;
    private int failuresInARow;
    private long retryAtMillis;
    private boolean parked;

    public TopicRelay(String fullTopic, StoredEventProducer producer, DeliverySettings delivery, int batchSize,
                      int maxAttempts, Duration sendTimeout, Clock clock) {
        this.fullTopic = fullTopic;
        this.producer = producer;
        this.delivery = delivery;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.sendTimeout = sendTimeout;
        this.clock = clock;
    }

    /**
     * Publishes the topic's next batch in the connection's transaction, which it ends.
     *
     * @return the rows published and deleted; 0 when there were none, the topic waits for a
     * retry, is parked, or another relay holds it
     */
    public int relayBatch(Connection connection) throws SQLException {
        if (clock.millis() < retryAtMillis) {
            return 0;
        }
        if (!OutboxSql.lockTopic(connection, fullTopic)) {
            connection.rollback();
            return 0;
        }
        // After a failure one row at a time, until it goes through: nothing is sent past a row that may fail again.
        List<OutboxSql.Row> rows = OutboxSql.batch(connection, fullTopic, failuresInARow > 0 ? 1 : batchSize);
        if (rows.isEmpty() || rows.get(0).parked()) {
            connection.commit();
            if (!rows.isEmpty() && !parked) {
                LOG.error("Outbox row {} of topic '{}' is parked after {} attempts, so the topic's relay stops: "
                        + "see 'openedx-events outbox list', then 'outbox retry' or 'outbox purge'", rows.get(0).id(),
                        fullTopic, rows.get(0).attempts());
            }
            parked = !rows.isEmpty();
            return 0;
        }
        parked = false;
        int published = publish(connection, rows);
        connection.commit();
        return published;
    }

    private int publish(Connection connection, List<OutboxSql.Row> rows) throws SQLException {
        List<CompletableFuture<String>> answers = new ArrayList<>(rows.size());
        for (OutboxSql.Row row : rows) {
            if (row.parked()) {
                break;
            }
            CompletableFuture<String> answer = producer.send(row.event()).toCompletableFuture();
            answers.add(answer);
            if (answer.isCompletedExceptionally()) {
                break;
            }
        }
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        int delivered = 0;
        int deliveredAfterFailure = 0;
        Throwable failure = null;
        // Every answer is awaited, so the producer has nothing of this topic in flight when the next batch starts.
        for (CompletableFuture<String> answer : answers) {
            try {
                answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (failure == null) {
                    delivered++;
                } else {
                    deliveredAfterFailure++;
                }
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (TimeoutException e) {
                failure = failure == null ? new TransportException("The broker did not answer within "
                        + sendTimeout.toMillis() + " ms (EVENT_BUS_OUTBOX_SEND_TIMEOUT)", null) : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? new TransportException("The relay was interrupted", e) : failure;
            }
        }
        if (delivered > 0) {
            OutboxSql.deleteUpTo(connection, fullTopic, rows.get(delivered - 1).id());
        }
        if (failure == null) {
            failuresInARow = 0;
        } else {
            failed(connection, rows.get(delivered), failure, deliveredAfterFailure);
        }
        return delivered;
    }

    private void failed(Connection connection, OutboxSql.Row row, Throwable failure, int deliveredAfterFailure)
            throws SQLException {
        int attempts = row.attempts() + 1;
        boolean away = RetryPolicy.isTransient(failure);
        boolean park = !away && attempts >= maxAttempts;
        String error = Secrets.maskUrlPasswords(String.valueOf(failure));
        OutboxSql.failed(connection, row.id(), attempts, error, park);
        failuresInARow++;
        Duration wait = away ? delivery.reconnectDelay(failuresInARow) : delivery.retryDelay(attempts);
        retryAtMillis = clock.millis() + wait.toMillis();
        if (park) {
            LOG.error("Outbox row {} (event {}) of topic '{}' failed {} times and is parked; the topic's relay stops. "
                    + "error={}", row.id(), row.event().envelope().metadata().id(), fullTopic, attempts, error);
        } else {
            LOG.warn("Outbox row {} (event {}) of topic '{}' failed (attempt {}), tried again in {} ms. error={}",
                    row.id(), row.event().envelope().metadata().id(), fullTopic, attempts, wait.toMillis(), error);
        }
        if (deliveredAfterFailure > 0) {
            LOG.warn("{} event(s) of topic '{}' after the failed one were delivered; they will be delivered again "
                    + "after it", deliveredAfterFailure, fullTopic);
        }
    }
}
