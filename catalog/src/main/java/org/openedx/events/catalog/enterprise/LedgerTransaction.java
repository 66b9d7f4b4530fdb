package org.openedx.events.catalog.enterprise;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;
import org.openedx.events.Nullable;
import org.openedx.events.keys.CourseKey;

/**
 * Attributes of an {@code openedx_ledger.Transaction} record.
 *
 * <p>A {@code Transaction} is a model that represents value moving in or out of a {@code Ledger}. It's primarily
 * used within the domain of edX Enterprise for recording the redemption of subsidized enrollments.
 * https://github.com/openedx/openedx-ledger/blob/master/openedx_ledger/models.py.
 *
 * <p>Upstream {@code openedx_events.enterprise.data.LedgerTransaction}, a subclass of {@code BaseLedgerTransaction}
 * whose fields come first here. The components are in wire order.
 *
 * @param uuid Primary identifier of the Transaction
 * @param created When the record was created
 * @param modified When the record was last modified
 * @param idempotencyKey Client-generated unique value to achieve idempotency of operations
 * @param quantity How many units of value this transaction represents (e.g. USD cents)
 * @param state Current lifecyle state of the record, one of (created, pending, committed, failed)
 * @param ledgerUuid The primary identifier of this Transaction's ledger object
 * @param subsidyAccessPolicyUuid The primary identifier of the subsidy access policy for this transaction
 * @param lmsUserId The LMS user id of the user associated with this transaction
 * @param contentKey The course (run) key associated with this transaction
 * @param parentContentKey The parent (just course, not run) key for the course key; may be null
 * @param fulfillmentIdentifier The identifier of the subsidized enrollment record for a learner, generated durning
 *        enrollment; may be null
 * @param reversal Any reversal associated with this transaction; may be null
 */
public record LedgerTransaction(
        UUID uuid,
        OffsetDateTime created,
        OffsetDateTime modified,
        String idempotencyKey,
        long quantity,
        String state,
        UUID ledgerUuid,
        UUID subsidyAccessPolicyUuid,
        long lmsUserId,
        CourseKey contentKey,
        @Nullable String parentContentKey,
        @Nullable String fulfillmentIdentifier,
        @Nullable LedgerTransactionReversal reversal) {

    public LedgerTransaction {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(idempotencyKey, "idempotency_key");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(ledgerUuid, "ledger_uuid");
        Objects.requireNonNull(subsidyAccessPolicyUuid, "subsidy_access_policy_uuid");
        Objects.requireNonNull(contentKey, "content_key");
    }
}
