package org.openedx.events.ops;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/** Which dead letters of a topic an operation takes. */
public sealed interface DeadLetterSelection {

    /** Every one. */
    record All() implements DeadLetterSelection {
    }

    /** Those of these event ids; each must have a dead letter. */
    record EventIds(Set<String> ids) implements DeadLetterSelection {
        public EventIds {
            ids = Set.copyOf(ids);
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("Give at least one event id");
            }
        }
    }

    /** Those dead-lettered longer ago than this. */
    record OlderThan(Duration age) implements DeadLetterSelection {
        public OlderThan {
            Objects.requireNonNull(age, "age");
            if (age.isNegative()) {
                throw new IllegalArgumentException("The age of dead letters to remove cannot be negative: " + age);
            }
        }
    }
}
