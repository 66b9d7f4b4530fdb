package org.openedx.events.bus.spi;

import java.time.Instant;
import java.util.Objects;

/** Where {@link BusAdmin#moveGroup} puts a group: the next message it handles. */
public sealed interface GroupTarget {

    /** The first message stored at or after a time. */
    record FromTime(Instant time) implements GroupTarget {
        public FromTime {
            Objects.requireNonNull(time, "time");
        }
    }

    /**
     * The message at a position (an entry id, {@code partition:offset} or an offset for every
     * partition on Kafka, a store position).
     */
    record FromPosition(String position) implements GroupTarget {
        public FromPosition {
            Objects.requireNonNull(position, "position");
        }
    }

    /** After the newest message: the group skips what it has not handled. */
    record ToEnd() implements GroupTarget {
    }
}
