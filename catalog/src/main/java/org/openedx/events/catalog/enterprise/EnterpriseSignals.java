package org.openedx.events.catalog.enterprise;

import java.util.List;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.catalog.contentauthoring.ContentAuthoringSignals;

/**
 * The Open edX events of the {@code enterprise} subdomain (upstream
 * {@code openedx_events.enterprise.signals}), in upstream source order. Loading this class builds and
 * registers them.
 */
public final class EnterpriseSignals {

    static {
        // Upstream registers the subdomains in module order; initialising the previous subdomain first
        // keeps SignalRegistry.all() in that order whichever signal class is used first.
        ContentAuthoringSignals.all();
    }

    /**
     * Emitted when an enterprise subsidy is utilized.
     *
     * <p>Upstream warning: This event is not being currently used in any of the Open edX services. Review
     * https://github.com/openedx/openedx-events/issues/445 for more information about the future of this event.
     *
     * <p>Event type {@code org.openedx.enterprise.subsidy.redeemed.v1}; data {@code redemption}:
     * {@link SubsidyRedemption}.
     */
    public static final OpenEdxPublicSignal SUBSIDY_REDEEMED =
            OpenEdxPublicSignal.builder("org.openedx.enterprise.subsidy.redeemed.v1")
                    .data("redemption", SubsidyRedemption.class)
                    .constantName("SUBSIDY_REDEEMED")
                    .build();

    /**
     * Emitted when an enterprise subsidy is reversed.
     *
     * <p>Upstream warning: This event is not being currently used in any of the Open edX services. Review
     * https://github.com/openedx/openedx-events/issues/445 for more information about the future of this event.
     *
     * <p>Event type {@code org.openedx.enterprise.subsidy.redemption-reversed.v1}; data {@code redemption}:
     * {@link SubsidyRedemption}.
     */
    public static final OpenEdxPublicSignal SUBSIDY_REDEMPTION_REVERSED =
            OpenEdxPublicSignal.builder("org.openedx.enterprise.subsidy.redemption-reversed.v1")
                    .data("redemption", SubsidyRedemption.class)
                    .constantName("SUBSIDY_REDEMPTION_REVERSED")
                    .build();

    /**
     * Emitted when an enterprise ledger transaction is created. See:
     * https://github.com/openedx/openedx-ledger/tree/main/docs/decisions.
     *
     * <p>Event type {@code org.openedx.enterprise.subsidy_ledger_transaction.created.v1}; data
     * {@code ledger_transaction}: {@link LedgerTransaction}. Sent by openedx/enterprise-subsidy.
     */
    public static final OpenEdxPublicSignal LEDGER_TRANSACTION_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.enterprise.subsidy_ledger_transaction.created.v1")
                    .data("ledger_transaction", LedgerTransaction.class)
                    .constantName("LEDGER_TRANSACTION_CREATED")
                    .build();

    /**
     * Emitted when an enterprise ledger transaction is committed. See:
     * https://github.com/openedx/openedx-ledger/tree/main/docs/decisions.
     *
     * <p>Event type {@code org.openedx.enterprise.subsidy_ledger_transaction.committed.v1}; data
     * {@code ledger_transaction}: {@link LedgerTransaction}. Sent by openedx/enterprise-subsidy.
     */
    public static final OpenEdxPublicSignal LEDGER_TRANSACTION_COMMITTED =
            OpenEdxPublicSignal.builder("org.openedx.enterprise.subsidy_ledger_transaction.committed.v1")
                    .data("ledger_transaction", LedgerTransaction.class)
                    .constantName("LEDGER_TRANSACTION_COMMITTED")
                    .build();

    /**
     * Emitted when an enterprise ledger transaction fails. See:
     * https://github.com/openedx/openedx-ledger/tree/main/docs/decisions.
     *
     * <p>Event type {@code org.openedx.enterprise.subsidy_ledger_transaction.failed.v1}; data
     * {@code ledger_transaction}: {@link LedgerTransaction}. Sent by openedx/enterprise-subsidy.
     */
    public static final OpenEdxPublicSignal LEDGER_TRANSACTION_FAILED =
            OpenEdxPublicSignal.builder("org.openedx.enterprise.subsidy_ledger_transaction.failed.v1")
                    .data("ledger_transaction", LedgerTransaction.class)
                    .constantName("LEDGER_TRANSACTION_FAILED")
                    .build();

    /**
     * Emitted when an enterprise ledger transaction is reversed. See:
     * https://github.com/openedx/openedx-ledger/tree/main/docs/decisions.
     *
     * <p>Event type {@code org.openedx.enterprise.subsidy_ledger_transaction.reversed.v1}; data
     * {@code ledger_transaction}: {@link LedgerTransaction}. Sent by openedx/enterprise-subsidy.
     */
    public static final OpenEdxPublicSignal LEDGER_TRANSACTION_REVERSED =
            OpenEdxPublicSignal.builder("org.openedx.enterprise.subsidy_ledger_transaction.reversed.v1")
                    .data("ledger_transaction", LedgerTransaction.class)
                    .constantName("LEDGER_TRANSACTION_REVERSED")
                    .build();

    /**
     * Emitted when a LearnerCreditEnterpriseCourseEnrollment is revoked. This most often happens when an enterprise
     * learner unenrolls from a course which was LC-subsidized.
     *
     * <p>Event type {@code org.openedx.enterprise.learner_credit_course_enrollment.revoked.v1}; data
     * {@code learner_credit_course_enrollment}: {@link LearnerCreditEnterpriseCourseEnrollment}. Sent by
     * openedx/edx-enterprise.
     */
    public static final OpenEdxPublicSignal LEARNER_CREDIT_COURSE_ENROLLMENT_REVOKED =
            OpenEdxPublicSignal.builder("org.openedx.enterprise.learner_credit_course_enrollment.revoked.v1")
                    .data("learner_credit_course_enrollment", LearnerCreditEnterpriseCourseEnrollment.class)
                    .constantName("LEARNER_CREDIT_COURSE_ENROLLMENT_REVOKED")
                    .build();

    /**
     * Emitted when an EnterpriseGroup is deleted.
     *
     * <p>Event type {@code org.openedx.enterprise.enterprise_group.deleted.v1}; data {@code enterprise_group}:
     * {@link EnterpriseGroup}. Sent by openedx/edx-enterprise.
     */
    public static final OpenEdxPublicSignal ENTERPRISE_GROUP_DELETED =
            OpenEdxPublicSignal.builder("org.openedx.enterprise.enterprise_group.deleted.v1")
                    .data("enterprise_group", EnterpriseGroup.class)
                    .constantName("ENTERPRISE_GROUP_DELETED")
                    .build();

    private static final List<OpenEdxPublicSignal> ALL = List.of(
            SUBSIDY_REDEEMED,
            SUBSIDY_REDEMPTION_REVERSED,
            LEDGER_TRANSACTION_CREATED,
            LEDGER_TRANSACTION_COMMITTED,
            LEDGER_TRANSACTION_FAILED,
            LEDGER_TRANSACTION_REVERSED,
            LEARNER_CREDIT_COURSE_ENROLLMENT_REVOKED,
            ENTERPRISE_GROUP_DELETED);

    private EnterpriseSignals() {
    }

    /** Every signal of this subdomain, in upstream source order. */
    public static List<OpenEdxPublicSignal> all() {
        return ALL;
    }
}
