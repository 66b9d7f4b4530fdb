/**
 * The transactional outbox over plain JDBC: {@link org.openedx.events.outbox.JdbcTransactions}
 * runs the application's transactions (and tells the bus about them), {@link org.openedx.events.outbox.JdbcOutbox}
 * writes events of topics in {@code outbox} mode in them, {@link org.openedx.events.outbox.OutboxRelay}
 * publishes them in order per topic, {@link org.openedx.events.outbox.OutboxAdmin} shows and handles
 * what waits, and {@link org.openedx.events.outbox.OutboxSchema} creates the table.
 */
package org.openedx.events.outbox;
