package org.openedx.events;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.openedx.events.internal.HostName;
import org.openedx.events.internal.LibraryVersion;
import org.openedx.events.internal.Uuid1Generator;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.Settings;

/**
 * Builds the metadata of new events (upstream {@code generate_signal_metadata} and the
 * defaults of {@code EventsMetadata}): a new version-1 UUID, the service's {@code source},
 * this host, the library version and the time from an injected {@link Clock}. Immutable; the
 * running {@link org.openedx.events.bus.EventBus} has one, and a test can make its own with a
 * fixed clock.
 *
 * <pre>{@code
 * MetadataFactory fixed = MetadataFactory.builder().clock(Clock.fixed(instant, ZoneOffset.UTC))
 *         .serviceName("discovery").build();
 * SIGNAL.sendEvent(data, SendOptions.DEFAULT.metadataFactory(fixed));
 * }</pre>
 */
public final class MetadataFactory {

    /** The {@code source} when no service name is set, as upstream's. */
    public static final String UNSET_SERVICE = "SERVICE_NAME_UNSET";

    private final Clock clock;
    private final String source;
    private final String sourcehost;
    private final List<Integer> sourcelib;
    private final Supplier<UUID> ids;

    private MetadataFactory(Builder builder) {
        this.clock = builder.clock;
        this.source = builder.source;
        this.sourcehost = builder.sourcehost;
        this.sourcelib = builder.sourcelib;
        this.ids = builder.ids != null ? builder.ids : new Uuid1Generator()::next;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The factory the settings describe: {@code source} from {@code EVENTS_SERVICE_NAME} or
     * {@code SERVICE_VARIANT}, the system clock.
     *
     * @throws org.openedx.events.settings.InvalidSettingException for a setting of the wrong type
     */
    public static MetadataFactory of(Settings settings) {
        return builder().serviceName(EventBusSettings.serviceName(settings).orElse(UNSET_SERVICE)).build();
    }

    /** A builder that starts from this factory's values. */
    public Builder toBuilder() {
        Builder builder = new Builder().clock(clock).source(source).sourcehost(sourcehost).sourcelib(sourcelib);
        builder.ids = ids;
        return builder;
    }

    /**
     * Metadata for a new event.
     *
     * @param time the event time, UTC; {@code null} for now, by this factory's clock
     */
    public EventsMetadata create(String eventType, int minorversion, OffsetDateTime time) {
        return new EventsMetadata(eventType, ids.get(), minorversion, source, sourcehost,
                time != null ? time : now(), sourcelib);
    }

    /** Now, in UTC, to the microsecond (as Python keeps times). */
    public OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    public UUID newId() {
        return ids.get();
    }

    public Clock clock() {
        return clock;
    }

    public String source() {
        return source;
    }

    public String sourcehost() {
        return sourcehost;
    }

    public List<Integer> sourcelib() {
        return sourcelib;
    }

    /** Configures a {@link MetadataFactory}; unset values are the process's own. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private String source = "openedx/" + UNSET_SERVICE + "/web";
        private String sourcehost = HostName.get();
        private List<Integer> sourcelib = LibraryVersion.sourcelib();
        private Supplier<UUID> ids;

        private Builder() {
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** {@code source} becomes {@code openedx/<serviceName>/web}. */
        public Builder serviceName(String serviceName) {
            return source("openedx/" + Objects.requireNonNull(serviceName, "serviceName") + "/web");
        }

        public Builder source(String source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        public Builder sourcehost(String sourcehost) {
            this.sourcehost = Objects.requireNonNull(sourcehost, "sourcehost");
            return this;
        }

        public Builder sourcelib(List<Integer> sourcelib) {
            this.sourcelib = List.copyOf(sourcelib);
            return this;
        }

        /** Where event ids come from; by default version-1 UUIDs as Python's {@code uuid1()}. */
        public Builder ids(Supplier<UUID> ids) {
            this.ids = Objects.requireNonNull(ids, "ids");
            return this;
        }

        public MetadataFactory build() {
            return new MetadataFactory(this);
        }
    }
}
