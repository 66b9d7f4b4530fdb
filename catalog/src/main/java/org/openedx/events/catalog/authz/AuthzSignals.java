package org.openedx.events.catalog.authz;

import java.util.List;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.catalog.analytics.AnalyticsSignals;

/**
 * The Open edX events of the {@code authz} subdomain (upstream
 * {@code openedx_events.authz.signals}), in upstream source order. Loading this class builds and
 * registers them.
 */
public final class AuthzSignals {

    static {
        // Upstream registers the subdomains in module order; initialising the previous subdomain first
        // keeps SignalRegistry.all() in that order whichever signal class is used first.
        AnalyticsSignals.all();
    }

    /**
     * Emitted when a role assignment is created in Open edX.
     *
     * <p>Event type {@code org.openedx.authz.role_assignment.created}; data {@code role_assignment}:
     * {@link RoleAssignmentData}; event key field {@code user.pii.username}. Sent by openedx/openedx-authz.
     */
    public static final OpenEdxPublicSignal ROLE_ASSIGNMENT_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.authz.role_assignment.created")
                    .data("role_assignment", RoleAssignmentData.class)
                    .eventKeyField("user.pii.username")
                    .constantName("ROLE_ASSIGNMENT_CREATED")
                    .build();

    /**
     * Emitted when a role assignment is deleted in Open edX.
     *
     * <p>Event type {@code org.openedx.authz.role_assignment.deleted}; data {@code role_assignment}:
     * {@link RoleAssignmentData}; event key field {@code user.pii.username}. Sent by openedx/openedx-authz.
     */
    public static final OpenEdxPublicSignal ROLE_ASSIGNMENT_DELETED =
            OpenEdxPublicSignal.builder("org.openedx.authz.role_assignment.deleted")
                    .data("role_assignment", RoleAssignmentData.class)
                    .eventKeyField("user.pii.username")
                    .constantName("ROLE_ASSIGNMENT_DELETED")
                    .build();

    private static final List<OpenEdxPublicSignal> ALL = List.of(
            ROLE_ASSIGNMENT_CREATED,
            ROLE_ASSIGNMENT_DELETED);

    private AuthzSignals() {
    }

    /** Every signal of this subdomain, in upstream source order. */
    public static List<OpenEdxPublicSignal> all() {
        return ALL;
    }
}
