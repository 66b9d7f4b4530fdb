package org.openedx.events.embedded.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.bus.spi.EnvelopeDecoder;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.bus.spi.GroupInfo;
import org.openedx.events.bus.spi.GroupMove;
import org.openedx.events.bus.spi.GroupTarget;
import org.openedx.events.bus.spi.StoredMessage;
import org.openedx.events.bus.spi.TopicInfo;
import org.openedx.events.embedded.EmbeddedSettings;
import org.openedx.events.wire.MetadataCodec;

/**
 * Topic and group operations on the embedded store. A group moves only while no consumer holds
 * its lease (a running consumer would commit over the new position).
 */
public final class EmbeddedAdmin implements BusAdmin {

    private static final int TYPE = MetadataCodec.BARE_FIELDS.names().indexOf("type");
    private static final int ID = MetadataCodec.BARE_FIELDS.names().indexOf("id");

    private final SqliteStore store;
    private final EnvelopeDecoder decoder;
    private final Clock clock;

    public EmbeddedAdmin(EmbeddedSettings settings, EventCodec codec, Clock clock) {
        this.store = new SqliteStore(settings);
        this.decoder = new EnvelopeDecoder(MetadataCodec.BARE_FIELDS, false, codec);
        this.clock = clock;
    }

    @Override
    public boolean topicExists(String fullTopic) {
        return store.topicExists(fullTopic);
    }

    @Override
    public boolean deleteGroup(String fullTopic, String group) {
        return store.deleteGroup(fullTopic, group);
    }

    @Override
    public List<TopicInfo> topics(String prefix) {
        return store.topics(prefix).stream().map(range -> new TopicInfo(range.topic(), range.messages(),
                range.messages() == 0 ? null : Long.toString(range.first()),
                range.messages() == 0 ? null : Long.toString(range.last()))).toList();
    }

    @Override
    public List<GroupInfo> groups(String fullTopic) {
        long now = clock.millis();
        List<GroupInfo> groups = new ArrayList<>();
        for (SqliteStore.GroupRow row : store.groups(fullTopic)) {
            boolean leased = row.leaseOwner() != null && row.leaseExpiresMillis() >= now;
            groups.add(new GroupInfo(row.group(), Long.toString(row.committed()),
                    OptionalLong.of(store.lag(fullTopic, row.group())), OptionalLong.empty(),
                    leased ? List.of(row.leaseOwner()) : List.of(),
                    leased ? "a consumer holds the lease until " + Instant.ofEpochMilli(row.leaseExpiresMillis()) : null));
        }
        return groups;
    }

    @Override
    public List<StoredMessage> read(String fullTopic, int limit) {
        return store.read(fullTopic, 0, limit).stream().map(this::stored).toList();
    }

    private StoredMessage stored(SqliteStore.StoredMessage message) {
        return new StoredMessage(Long.toString(message.position()), Instant.ofEpochMilli(message.storedMillis()),
                text(message.metadata()[TYPE]), text(message.metadata()[ID]), message.eventData(),
                message.deadLetter().orElse(null),
                decoder.decode(message.metadata(), message.eventData()));
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String redrive(String deadLetterTopic, StoredMessage letter, String fullTopic) {
        long position = Long.parseLong(letter.position());
        List<SqliteStore.StoredMessage> found = store.read(deadLetterTopic, position - 1, 1);
        if (found.isEmpty() || found.get(0).position() != position) {
            throw new IllegalStateException("The dead letter at " + position + " of " + deadLetterTopic
                    + " is gone (removed by another process?)");
        }
        return Long.toString(store.appendCopy(fullTopic, found.get(0), clock.millis(), null));
    }

    @Override
    public void remove(String fullTopic, Collection<StoredMessage> messages) {
        store.remove(fullTopic, messages.stream().map(message -> Long.parseLong(message.position())).toList());
    }

    @Override
    public GroupMove moveGroup(String fullTopic, String group, GroupTarget target) {
        long old = store.committed(fullTopic, group);
        long last = store.lastPosition(fullTopic);
        long committed;
        if (target instanceof GroupTarget.FromTime from) {
            committed = store.positionBefore(fullTopic, from.time().toEpochMilli());
        } else if (target instanceof GroupTarget.FromPosition at) {
            committed = position(fullTopic, at.position(), last) - 1;
        } else {
            committed = last;
        }
        if (!store.moveIdle(fullTopic, group, committed, clock.millis())) {
            throw new IllegalStateException("A consumer of group '" + group + "' of topic '" + fullTopic
                    + "' holds its lease; stop the group's consumers first");
        }
        return new GroupMove(Long.toString(old), Long.toString(committed), store.lag(fullTopic, group));
    }

    /** A position of the topic's range, from its first message to just after its last. */
    private long position(String fullTopic, String text, long last) {
        long first = store.firstPosition(fullTopic);
        long position;
        try {
            position = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Position '" + text + "' is not a position of the embedded bus "
                    + "(a whole number)");
        }
        long lowest = first == 0 ? last + 1 : first;
        if (position < lowest || position > last + 1) {
            throw new IllegalArgumentException("Position " + position + " is out of range: topic '" + fullTopic
                    + "' holds " + (first == 0 ? "nothing; the next message will be at " + (last + 1)
                    : first + " to " + last));
        }
        return position;
    }

    @Override
    public List<String> reach() {
        return List.of("embedded store " + store.path() + " (" + store.topics("").size() + " topics)");
    }

    @Override
    public void close() {
        store.close();
    }
}
