package org.openedx.events.catalog.enterprise;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * Attributes of an {@code openedx_ledger.Reversal} record.
 *
 * <p>A {@code Reversal} is a model that represents the "undo-ing" of a {@code Transaction} (see below). It's
 * primarily used within the domain of edX Enterprise for recording unenrollments and refunds of subsidized
 * enterprise enrollments. https://github.com/openedx/openedx-ledger/blob/master/openedx_ledger/models.py.
 *
 * <p>Upstream {@code openedx_events.enterprise.data.LedgerTransactionReversal}, a subclass of
 * {@code BaseLedgerTransaction} whose fields come first here. The components are in wire order.
 *
 * @param uuid Primary identifier of the record
 * @param created When the record was created
 * @param modified When the record was last modified
 * @param idempotencyKey Client-generated unique value to achieve idempotency of operations
 * @param quantity How many units of value this reversal represents (e.g. USD cents)
 * @param state Current lifecyle state of the record, one of (created, pending, committed, failed)
 */
public record LedgerTransactionReversal(
        UUID uuid,
        OffsetDateTime created,
        OffsetDateTime modified,
        String idempotencyKey,
        long quantity,
        String state) {

    public LedgerTransactionReversal {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(idempotencyKey, "idempotency_key");
        Objects.requireNonNull(state, "state");
    }
}
