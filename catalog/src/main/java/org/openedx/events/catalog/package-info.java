/**
 * The Open edX events of openedx-events 11.2.0: {@link org.openedx.events.catalog.OpenEdxCatalog}
 * lists all of them, and each subpackage holds one subdomain's signals and data records.
 *
 * <p>Data records follow upstream's attrs classes field for field, in wire order (inherited fields
 * first). Fields upstream defaults to {@code None} are {@link org.openedx.events.Nullable}; other
 * reference fields either reject {@code null} (naming the wire field) or replace it with upstream's
 * empty default. Lists and maps are kept as unmodifiable copies.
 */
package org.openedx.events.catalog;
