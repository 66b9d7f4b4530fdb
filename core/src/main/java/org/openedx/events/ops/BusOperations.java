package org.openedx.events.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.GroupInfo;
import org.openedx.events.bus.spi.GroupMove;
import org.openedx.events.bus.spi.GroupTarget;
import org.openedx.events.bus.spi.StoredMessage;
import org.openedx.events.bus.spi.TopicInfo;
import org.openedx.events.settings.Settings;

/**
 * Operating the bus of {@code EVENT_BUS_CONSUMER} (else {@code EVENT_BUS_PRODUCER}): what the
 * {@code topics}, {@code groups}, {@code dead-letters} and {@code replay} commands do, for code
 * too. Topics are named without the prefix, as in the settings. Bad input (an unknown topic or
 * group, an event id without a dead letter, a position out of range, a time in the future) is an
 * {@link IllegalArgumentException} naming it, thrown before anything changes.
 */
public final class BusOperations implements AutoCloseable {

    /** How many dead letters an operation reads at most. */
    public static final int MAX_DEAD_LETTERS = 100_000;

    private final BusAdmin admin;
    private final BackendContext context;
    private final Clock clock;

    /** Operations through an admin of the bus; closing them closes it. */
    public BusOperations(BusAdmin admin, BackendContext context, Clock clock) {
        this.admin = admin;
        this.context = context;
        this.clock = clock;
    }

    /** Operations on the bus these settings choose. */
    public static BusOperations open(Settings settings, Clock clock) {
        return new BusOperations(EventBusBackends.admin(settings), BackendContext.of(settings, clock), clock);
    }

    /** The topics of this prefix, each with its dead-letter topic's size; dead-letter topics are not listed apart. */
    public List<TopicSummary> topics() {
        String prefix = context.fullTopic("");
        Map<String, TopicInfo> byName = new LinkedHashMap<>();
        admin.topics(prefix).forEach(info -> byName.put(info.fullTopic(), info));
        List<TopicSummary> topics = new ArrayList<>();
        for (TopicInfo info : byName.values()) {
            if (DeadLetter.isDeadLetterTopic(info.fullTopic())) {
                String base = info.fullTopic().substring(0, info.fullTopic().length() - DeadLetter.TOPIC_SUFFIX.length());
                if (byName.containsKey(base)) {
                    continue;
                }
                topics.add(new TopicSummary(unprefixed(base, prefix), base, 0, null, null, info.messages()));
                continue;
            }
            TopicInfo letters = byName.get(DeadLetter.topicOf(info.fullTopic()));
            topics.add(new TopicSummary(unprefixed(info.fullTopic(), prefix), info.fullTopic(), info.messages(),
                    info.firstPosition(), info.lastPosition(), letters == null ? 0 : letters.messages()));
        }
        return topics;
    }

    private static String unprefixed(String fullTopic, String prefix) {
        return fullTopic.startsWith(prefix) ? fullTopic.substring(prefix.length()) : fullTopic;
    }

    /** The consumer groups of a topic. */
    public List<GroupInfo> groups(String topic) {
        return admin.groups(existing(topic));
    }

    /** The dead letters of a topic (or of a dead-letter topic named as such), oldest first, at most {@code limit}. */
    public List<StoredMessage> deadLetters(String topic, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("The number of dead letters to list must be at least 1, found " + limit);
        }
        String letters = deadLetterTopic(topic);
        return admin.topicExists(letters) ? admin.read(letters, limit) : List.of();
    }

    /** The dead letters of an event id (one, unless it failed more than once). */
    public List<StoredMessage> deadLetter(String topic, String eventId) {
        return select(topic, new DeadLetterSelection.EventIds(Set.of(eventId)));
    }

    /**
     * Sends dead letters back to their original topics, unchanged, and removes each one only once
     * its send is confirmed: a failure in between leaves it where it was (it may then be sent
     * twice, never lost). A dry run only says what it would send.
     */
    public List<Redriven> redrive(String topic, DeadLetterSelection selection, boolean dryRun) {
        String letters = deadLetterTopic(topic);
        List<StoredMessage> chosen = select(topic, selection);
        List<Redriven> moved = new ArrayList<>();
        if (dryRun) {
            chosen.forEach(letter -> moved.add(new Redriven(letter, originalTopic(letters, letter), null)));
            return moved;
        }
        admin.checkRemovable(letters, chosen);
        for (StoredMessage letter : chosen) {
            String target = originalTopic(letters, letter);
            String position = admin.redrive(letters, letter, target);
            admin.remove(letters, List.of(letter));
            moved.add(new Redriven(letter, target, position));
        }
        return moved;
    }

    /** Removes dead letters; a dry run only says which. */
    public List<StoredMessage> purge(String topic, DeadLetterSelection selection, boolean dryRun) {
        String letters = deadLetterTopic(topic);
        List<StoredMessage> chosen = select(topic, selection);
        if (!dryRun && !chosen.isEmpty()) {
            admin.checkRemovable(letters, chosen);
            admin.remove(letters, chosen);
        }
        return chosen;
    }

    /** Moves a group of a topic, whose consumers are stopped (or as the backend allows), to a target. */
    public GroupMove replay(String topic, String group, GroupTarget target) {
        String fullTopic = existing(topic);
        if (target instanceof GroupTarget.FromTime from && from.time().isAfter(clock.instant())) {
            throw new IllegalArgumentException("The time to replay from, " + from.time() + ", is in the future");
        }
        List<String> groups = admin.groups(fullTopic).stream().map(GroupInfo::group).toList();
        if (!groups.contains(group)) {
            throw new IllegalArgumentException("Topic '" + topic + "' has no consumer group '" + group + "'"
                    + (groups.isEmpty() ? " (it has none)" : " (it has " + String.join(", ", groups) + ")"));
        }
        return admin.moveGroup(fullTopic, group, target);
    }

    private List<StoredMessage> select(String topic, DeadLetterSelection selection) {
        String letters = deadLetterTopic(topic);
        List<StoredMessage> all = admin.topicExists(letters) ? admin.read(letters, MAX_DEAD_LETTERS) : List.of();
        if (selection instanceof DeadLetterSelection.OlderThan older) {
            Instant before = clock.instant().minus(older.age());
            return all.stream().filter(letter -> deadLetteredAt(letter).isBefore(before)).toList();
        }
        if (selection instanceof DeadLetterSelection.EventIds ids) {
            List<StoredMessage> chosen = all.stream().filter(letter -> ids.ids().contains(letter.eventId())).toList();
            Set<String> missing = new TreeSet<>(ids.ids());
            missing.removeAll(new HashSet<>(chosen.stream().map(StoredMessage::eventId).toList()));
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("No dead letter of event id " + String.join(", ", missing)
                        + " on '" + letters + "'");
            }
            return chosen;
        }
        return all;
    }

    private static Instant deadLetteredAt(StoredMessage letter) {
        return letter.deadLetter() == null ? letter.time() : letter.deadLetter().time();
    }

    /** Where a dead letter goes back to: the topic it names, else the one its topic is named after. */
    private static String originalTopic(String deadLetterTopic, StoredMessage letter) {
        return letter.deadLetter() != null ? letter.deadLetter().originalTopic()
                : deadLetterTopic.substring(0, deadLetterTopic.length() - DeadLetter.TOPIC_SUFFIX.length());
    }

    /** The dead-letter topic of a topic, or the topic itself when named as one; one of the two must exist. */
    private String deadLetterTopic(String topic) {
        String fullTopic = context.fullTopic(topic);
        String letters = DeadLetter.isDeadLetterTopic(fullTopic) ? fullTopic : DeadLetter.topicOf(fullTopic);
        if (!admin.topicExists(letters) && !admin.topicExists(fullTopic)) {
            throw unknownTopic(topic, fullTopic);
        }
        return letters;
    }

    private String existing(String topic) {
        String fullTopic = context.fullTopic(topic);
        if (!admin.topicExists(fullTopic)) {
            throw unknownTopic(topic, fullTopic);
        }
        return fullTopic;
    }

    private static IllegalArgumentException unknownTopic(String topic, String fullTopic) {
        return new IllegalArgumentException("No topic '" + topic + "' on the bus"
                + (topic.equals(fullTopic) ? "" : " (as '" + fullTopic + "')"));
    }

    @Override
    public void close() {
        admin.close();
    }
}
