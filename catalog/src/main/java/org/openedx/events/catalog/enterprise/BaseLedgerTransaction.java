package org.openedx.events.catalog.enterprise;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * Data related to a Ledger Transaction object.
 *
 * <p>Upstream {@code openedx_events.enterprise.data.BaseLedgerTransaction}. The components are in wire order.
 *
 * @param uuid Primary identifier of the record
 * @param created When the record was created
 * @param modified When the record was last modified
 * @param idempotencyKey Client-generated unique value to achieve idempotency of operations
 * @param quantity How many units of value this transaction represents (e.g. USD cents)
 * @param state Current lifecyle state of the record, one of (created, pending, committed, failed)
 */
public record BaseLedgerTransaction(
        UUID uuid,
        OffsetDateTime created,
        OffsetDateTime modified,
        String idempotencyKey,
        long quantity,
        String state) {

    public BaseLedgerTransaction {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(idempotencyKey, "idempotency_key");
        Objects.requireNonNull(state, "state");
    }
}
