package org.openedx.events.catalog.learning;

import java.util.Objects;

/**
 * Data related to a certificate object.
 *
 * <p>This data is based on the GeneratedCertificate data model defined in the certificates app.
 *
 * <p>Upstream {@code openedx_events.learning.data.CertificateData}. The components are in wire order.
 *
 * @param user user associated with the Certificate
 * @param course course where the user obtained the certificate
 * @param mode course mode associated with the course enrollment
 * @param grade user's grade in this course run
 * @param downloadUrl URL where the PDF version of the certificate
 * @param name user's name
 * @param currentStatus current certificate status
 * @param previousStatus if available, pre-event certificate status; null becomes an empty string
 */
public record CertificateData(
        UserData user,
        CourseData course,
        String mode,
        String grade,
        String downloadUrl,
        String name,
        String currentStatus,
        String previousStatus) {

    public CertificateData {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(course, "course");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(grade, "grade");
        Objects.requireNonNull(downloadUrl, "download_url");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currentStatus, "current_status");
        previousStatus = previousStatus == null ? "" : previousStatus;
    }
}
