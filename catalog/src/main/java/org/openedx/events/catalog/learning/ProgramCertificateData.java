package org.openedx.events.catalog.learning;

import java.time.OffsetDateTime;
import java.util.Objects;
import org.openedx.events.Nullable;

/**
 * Data related to a Program Certificate object.
 *
 * <p>Upstream {@code openedx_events.learning.data.ProgramCertificateData}. The components are in wire order.
 *
 * @param user User associated with the Program Certificate
 * @param program Program data associated with the Program Certificate
 * @param uuid UUID of the UserCredential record in Credentials
 * @param status The status of the credential (e.g. {@code awarded} or {@code revoked})
 * @param url A URL to the learner's credential
 * @param certificateAvailableDate Optional. A DateTime describing when a learner is allowed to view the credential;
 *        may be null
 */
public record ProgramCertificateData(
        UserData user,
        ProgramData program,
        String uuid,
        String status,
        String url,
        @Nullable OffsetDateTime certificateAvailableDate) {

    public ProgramCertificateData {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(url, "url");
    }
}
