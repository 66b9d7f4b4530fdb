package org.openedx.events.catalog.contentauthoring;

import java.util.List;
import java.util.Objects;
import org.openedx.events.keys.CourseKey;

/**
 * Data related to a certificate configuration. Subset of CertificateConfig object from the LMS.
 *
 * <p>Upstream {@code openedx_events.content_authoring.data.CertificateConfigData}. The components are in wire
 * order.
 *
 * @param certificateType certificate type. Possible types are certificate relevant course modes: credit, verified,
 *        professional, no-id-professional, executive-education, paid-executive-education, paid-bootcamp, masters
 * @param courseKey identifier of the Course object
 * @param title certificate title
 * @param signatories contains a collection of signatures that belong to the certificate configuration; null becomes
 *        an empty list
 * @param isActive indicates whether the certifivate configuration is active; upstream default {@code false}
 */
public record CertificateConfigData(
        String certificateType,
        CourseKey courseKey,
        String title,
        List<CertificateSignatoryData> signatories,
        boolean isActive) {

    public CertificateConfigData {
        Objects.requireNonNull(certificateType, "certificate_type");
        Objects.requireNonNull(courseKey, "course_key");
        Objects.requireNonNull(title, "title");
        signatories = signatories == null ? List.of() : List.copyOf(signatories);
    }
}
