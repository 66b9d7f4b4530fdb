package org.openedx.events.catalog.contentauthoring;

import java.util.List;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.catalog.authz.AuthzSignals;

/**
 * The Open edX events of the {@code content_authoring} subdomain (upstream
 * {@code openedx_events.content_authoring.signals}), in upstream source order. Loading this class builds and
 * registers them.
 */
public final class ContentAuthoringSignals {

    static {
        // Upstream registers the subdomains in module order; initialising the previous subdomain first
        // keeps SignalRegistry.all() in that order whichever signal class is used first.
        AuthzSignals.all();
    }

    /**
     * Fired when a course changes in Studio in a way that is relevant for catalog consumers.
     *
     * <p>Event type {@code org.openedx.content_authoring.course.catalog_info.changed.v1}; data
     * {@code catalog_info}: {@link CourseCatalogData}; event key field {@code catalog_info.course_key}. Sent by
     * openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal COURSE_CATALOG_INFO_CHANGED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.course.catalog_info.changed.v1")
                    .data("catalog_info", CourseCatalogData.class)
                    .eventKeyField("catalog_info.course_key")
                    .constantName("COURSE_CATALOG_INFO_CHANGED")
                    .build();

    /**
     * Fired when an XBlock is created.
     *
     * <p>Event type {@code org.openedx.content_authoring.xblock.created.v1}; data {@code xblock_info}:
     * {@link XBlockData}; event key field {@code xblock_info.usage_key}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal XBLOCK_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.xblock.created.v1")
                    .data("xblock_info", XBlockData.class)
                    .eventKeyField("xblock_info.usage_key")
                    .constantName("XBLOCK_CREATED")
                    .build();

    /**
     * Fired when an XBlock is updated.
     *
     * <p>Event type {@code org.openedx.content_authoring.xblock.updated.v1}; data {@code xblock_info}:
     * {@link XBlockData}; event key field {@code xblock_info.usage_key}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal XBLOCK_UPDATED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.xblock.updated.v1")
                    .data("xblock_info", XBlockData.class)
                    .eventKeyField("xblock_info.usage_key")
                    .constantName("XBLOCK_UPDATED")
                    .build();

    /**
     * Fired when an XBlock is published. If a parent block with changes in one or more child blocks is published,
     * only a single XBLOCK_PUBLISHED event is fired with parent block details. For example: If a section is
     * published with changes in multiple units, only a single event is fired with section details like :
     * {@code XBlockData(usage_key="section-usage-key", block_type="chapter")}.
     *
     * <p>Event type {@code org.openedx.content_authoring.xblock.published.v1}; data {@code xblock_info}:
     * {@link XBlockData}; event key field {@code xblock_info.usage_key}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal XBLOCK_PUBLISHED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.xblock.published.v1")
                    .data("xblock_info", XBlockData.class)
                    .eventKeyField("xblock_info.usage_key")
                    .constantName("XBLOCK_PUBLISHED")
                    .build();

    /**
     * Fired when an XBlock is deleted.
     *
     * <p>Event type {@code org.openedx.content_authoring.xblock.deleted.v1}; data {@code xblock_info}:
     * {@link XBlockData}; event key field {@code xblock_info.usage_key}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal XBLOCK_DELETED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.xblock.deleted.v1")
                    .data("xblock_info", XBlockData.class)
                    .eventKeyField("xblock_info.usage_key")
                    .constantName("XBLOCK_DELETED")
                    .build();

    /**
     * Fired when an XBlock is duplicated in Studio.
     *
     * <p>Event type {@code org.openedx.content_authoring.xblock.duplicated.v1}; data {@code xblock_info}:
     * {@link DuplicatedXBlockData}; event key field {@code xblock_info.usage_key}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal XBLOCK_DUPLICATED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.xblock.duplicated.v1")
                    .data("xblock_info", DuplicatedXBlockData.class)
                    .eventKeyField("xblock_info.usage_key")
                    .constantName("XBLOCK_DUPLICATED")
                    .build();

    /**
     * Fired when a course certificate configuration changes in Studio.
     *
     * <p>Upstream warning: This event is not being currently used in any of the Open edX services. Review
     * https://github.com/openedx/openedx-events/issues/445 for more information about the future of this event.
     *
     * <p>Event type {@code org.openedx.content_authoring.course.certificate_config.changed.v1}; data
     * {@code certificate_config}: {@link CertificateConfigData}. Upstream lists it as known unserializable, so it
     * is marked as not serializable.
     */
    public static final OpenEdxPublicSignal COURSE_CERTIFICATE_CONFIG_CHANGED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.course.certificate_config.changed.v1")
                    .data("certificate_config", CertificateConfigData.class)
                    .constantName("COURSE_CERTIFICATE_CONFIG_CHANGED")
                    .serializable(false)
                    .build();

    /**
     * Fired when a course certificate configuration deletes in Studio.
     *
     * <p>Upstream warning: This event is not being currently used in any of the Open edX services. Review
     * https://github.com/openedx/openedx-events/issues/445 for more information about the future of this event.
     *
     * <p>Event type {@code org.openedx.content_authoring.course.certificate_config.deleted.v1}; data
     * {@code certificate_config}: {@link CertificateConfigData}. Upstream lists it as known unserializable, so it
     * is marked as not serializable.
     */
    public static final OpenEdxPublicSignal COURSE_CERTIFICATE_CONFIG_DELETED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.course.certificate_config.deleted.v1")
                    .data("certificate_config", CertificateConfigData.class)
                    .constantName("COURSE_CERTIFICATE_CONFIG_DELETED")
                    .serializable(false)
                    .build();

    /**
     * Emitted when a course is created.
     *
     * <p>Event type {@code org.openedx.content_authoring.course.created.v1}; data {@code course}:
     * {@link CourseData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal COURSE_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.course.created.v1")
                    .data("course", CourseData.class)
                    .constantName("COURSE_CREATED")
                    .build();

    /**
     * Emitted when a content library is created.
     *
     * <p>Event type {@code org.openedx.content_authoring.content_library.created.v1}; data {@code content_library}:
     * {@link ContentLibraryData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal CONTENT_LIBRARY_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.content_library.created.v1")
                    .data("content_library", ContentLibraryData.class)
                    .constantName("CONTENT_LIBRARY_CREATED")
                    .build();

    /**
     * Emitted when a content library is updated, such as its name is changed. This is NOT sent when the only
     * changes are to items within the library, even though that affects the "last updated" and potentially "last
     * published" or "has unpublished changes" aspects of the library overall. To detect those, subscribe to the
     * detailed LIBRARY_* events.
     *
     * <p>Event type {@code org.openedx.content_authoring.content_library.updated.v1}; data {@code content_library}:
     * {@link ContentLibraryData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal CONTENT_LIBRARY_UPDATED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.content_library.updated.v1")
                    .data("content_library", ContentLibraryData.class)
                    .constantName("CONTENT_LIBRARY_UPDATED")
                    .build();

    /**
     * Emitted when a content library is deleted.
     *
     * <p>Event type {@code org.openedx.content_authoring.content_library.deleted.v1}; data {@code content_library}:
     * {@link ContentLibraryData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal CONTENT_LIBRARY_DELETED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.content_library.deleted.v1")
                    .data("content_library", ContentLibraryData.class)
                    .constantName("CONTENT_LIBRARY_DELETED")
                    .build();

    /**
     * Emitted when a library XBlock is created.
     *
     * <p>Event type {@code org.openedx.content_authoring.library_block.created.v1}; data {@code library_block}:
     * {@link LibraryBlockData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal LIBRARY_BLOCK_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.library_block.created.v1")
                    .data("library_block", LibraryBlockData.class)
                    .constantName("LIBRARY_BLOCK_CREATED")
                    .build();

    /**
     * Emitted when a library XBlock (draft) is updated.
     *
     * <p>Event type {@code org.openedx.content_authoring.library_block.updated.v1}; data {@code library_block}:
     * {@link LibraryBlockData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal LIBRARY_BLOCK_UPDATED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.library_block.updated.v1")
                    .data("library_block", LibraryBlockData.class)
                    .constantName("LIBRARY_BLOCK_UPDATED")
                    .build();

    /**
     * Emitted when a library XBlock (draft) is deleted.
     *
     * <p>Event type {@code org.openedx.content_authoring.library_block.deleted.v1}; data {@code library_block}:
     * {@link LibraryBlockData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal LIBRARY_BLOCK_DELETED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.library_block.deleted.v1")
                    .data("library_block", LibraryBlockData.class)
                    .constantName("LIBRARY_BLOCK_DELETED")
                    .build();

    /**
     * Emitted when a library XBlock is published. Also when a library block draft is deleted and then the deletion
     * is published.
     *
     * <p>Event type {@code org.openedx.content_authoring.library_block.published.v1}; data {@code library_block}:
     * {@link LibraryBlockData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal LIBRARY_BLOCK_PUBLISHED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.library_block.published.v1")
                    .data("library_block", LibraryBlockData.class)
                    .constantName("LIBRARY_BLOCK_PUBLISHED")
                    .build();

    /**
     * Emitted when an object's associations are changed, e.g tags, collections.
     *
     * <p>Event type {@code org.openedx.content_authoring.content.object.associations.changed.v1}; data
     * {@code content_object}: {@link ContentObjectChangedData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal CONTENT_OBJECT_ASSOCIATIONS_CHANGED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.content.object.associations.changed.v1")
                    .data("content_object", ContentObjectChangedData.class)
                    .constantName("CONTENT_OBJECT_ASSOCIATIONS_CHANGED")
                    .build();

    /**
     * Emitted when an object's tags are changed.
     *
     * <p>Upstream warning: <b>DEPRECATED</b> please use CONTENT_OBJECT_ASSOCIATIONS_CHANGED instead.
     *
     * <p>Event type {@code org.openedx.content_authoring.content.object.tags.changed.v1}; data
     * {@code content_object}: {@link ContentObjectData}.
     */
    public static final OpenEdxPublicSignal CONTENT_OBJECT_TAGS_CHANGED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.content.object.tags.changed.v1")
                    .data("content_object", ContentObjectData.class)
                    .constantName("CONTENT_OBJECT_TAGS_CHANGED")
                    .build();

    /**
     * Emitted when a content library collection is created.
     *
     * <p>Event type {@code org.openedx.content_authoring.content_library.collection.created.v1}; data
     * {@code library_collection}: {@link LibraryCollectionData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal LIBRARY_COLLECTION_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.content_library.collection.created.v1")
                    .data("library_collection", LibraryCollectionData.class)
                    .constantName("LIBRARY_COLLECTION_CREATED")
                    .build();

    /**
     * Emitted when when a content library collection is updated.
     *
     * <p>Event type {@code org.openedx.content_authoring.content_library.collection.updated.v1}; data
     * {@code library_collection}: {@link LibraryCollectionData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal LIBRARY_COLLECTION_UPDATED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.content_library.collection.updated.v1")
                    .data("library_collection", LibraryCollectionData.class)
                    .constantName("LIBRARY_COLLECTION_UPDATED")
                    .build();

    /**
     * Emitted when an when a content library collection is deleted.
     *
     * <p>Event type {@code org.openedx.content_authoring.content_library.collection.deleted.v1}; data
     * {@code library_collection}: {@link LibraryCollectionData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal LIBRARY_COLLECTION_DELETED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.content_library.collection.deleted.v1")
                    .data("library_collection", LibraryCollectionData.class)
                    .constantName("LIBRARY_COLLECTION_DELETED")
                    .build();

    /**
     * Emitted when a content library container is created.
     *
     * <p>Event type {@code org.openedx.content_authoring.content_library.container.created.v1}; data
     * {@code library_container}: {@link LibraryContainerData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal LIBRARY_CONTAINER_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.content_library.container.created.v1")
                    .data("library_container", LibraryContainerData.class)
                    .constantName("LIBRARY_CONTAINER_CREATED")
                    .build();

    /**
     * Emitted when when a content library container is updated.
     *
     * <p>Event type {@code org.openedx.content_authoring.content_library.container.updated.v1}; data
     * {@code library_container}: {@link LibraryContainerData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal LIBRARY_CONTAINER_UPDATED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.content_library.container.updated.v1")
                    .data("library_container", LibraryContainerData.class)
                    .constantName("LIBRARY_CONTAINER_UPDATED")
                    .build();

    /**
     * Emitted when an when a content library container is deleted.
     *
     * <p>Event type {@code org.openedx.content_authoring.content_library.container.deleted.v1}; data
     * {@code library_container}: {@link LibraryContainerData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal LIBRARY_CONTAINER_DELETED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.content_library.container.deleted.v1")
                    .data("library_container", LibraryContainerData.class)
                    .constantName("LIBRARY_CONTAINER_DELETED")
                    .build();

    /**
     * Emitted when a library container is published. Also when a library container draft is deleted and then the
     * deletion is published.
     *
     * <p>Event type {@code org.openedx.content_authoring.content_library.container.published.v1}; data
     * {@code library_container}: {@link LibraryContainerData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal LIBRARY_CONTAINER_PUBLISHED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.content_library.container.published.v1")
                    .data("library_container", LibraryContainerData.class)
                    .constantName("LIBRARY_CONTAINER_PUBLISHED")
                    .build();

    /**
     * Fired after a course is imported.
     *
     * <p>Event type {@code org.openedx.content_authoring.course.import.completed.v1}; data {@code course}:
     * {@link CourseData}; event key field {@code catalog_info.course_key}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal COURSE_IMPORT_COMPLETED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.course.import.completed.v1")
                    .data("course", CourseData.class)
                    .eventKeyField("catalog_info.course_key")
                    .constantName("COURSE_IMPORT_COMPLETED")
                    .build();

    /**
     * Fired after a course is re-run.
     *
     * <p>Event type {@code org.openedx.content_authoring.course.rerun.completed.v1}; data {@code course}:
     * {@link CourseData}; event key field {@code catalog_info.course_key}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal COURSE_RERUN_COMPLETED =
            OpenEdxPublicSignal.builder("org.openedx.content_authoring.course.rerun.completed.v1")
                    .data("course", CourseData.class)
                    .eventKeyField("catalog_info.course_key")
                    .constantName("COURSE_RERUN_COMPLETED")
                    .build();

    private static final List<OpenEdxPublicSignal> ALL = List.of(
            COURSE_CATALOG_INFO_CHANGED,
            XBLOCK_CREATED,
            XBLOCK_UPDATED,
            XBLOCK_PUBLISHED,
            XBLOCK_DELETED,
            XBLOCK_DUPLICATED,
            COURSE_CERTIFICATE_CONFIG_CHANGED,
            COURSE_CERTIFICATE_CONFIG_DELETED,
            COURSE_CREATED,
            CONTENT_LIBRARY_CREATED,
            CONTENT_LIBRARY_UPDATED,
            CONTENT_LIBRARY_DELETED,
            LIBRARY_BLOCK_CREATED,
            LIBRARY_BLOCK_UPDATED,
            LIBRARY_BLOCK_DELETED,
            LIBRARY_BLOCK_PUBLISHED,
            CONTENT_OBJECT_ASSOCIATIONS_CHANGED,
            CONTENT_OBJECT_TAGS_CHANGED,
            LIBRARY_COLLECTION_CREATED,
            LIBRARY_COLLECTION_UPDATED,
            LIBRARY_COLLECTION_DELETED,
            LIBRARY_CONTAINER_CREATED,
            LIBRARY_CONTAINER_UPDATED,
            LIBRARY_CONTAINER_DELETED,
            LIBRARY_CONTAINER_PUBLISHED,
            COURSE_IMPORT_COMPLETED,
            COURSE_RERUN_COMPLETED);

    private ContentAuthoringSignals() {
    }

    /** Every signal of this subdomain, in upstream source order. */
    public static List<OpenEdxPublicSignal> all() {
        return ALL;
    }
}
