package org.openedx.events.catalog.contentauthoring;

import java.io.InputStream;
import java.util.Objects;

/**
 * Data related to a certificate signatory. Subset of CertificateSignatory object from the LMS.
 *
 * <p>Upstream {@code openedx_events.content_authoring.data.CertificateSignatoryData}. The components are in wire
 * order.
 *
 * @param image certificate signature image. Take care that the image field is BinaryIO
 * @param name name of signatory
 * @param organization organization that signatory belongs to
 * @param title signatory title
 */
public record CertificateSignatoryData(InputStream image, String name, String organization, String title) {

    public CertificateSignatoryData {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(title, "title");
    }
}
