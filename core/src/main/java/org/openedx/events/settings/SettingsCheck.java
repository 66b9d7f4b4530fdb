package org.openedx.events.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Checks on the settings as a whole that no single setting can make. */
public final class SettingsCheck {

    private SettingsCheck() {
    }

    /**
     * A name in the settings file that no module declares, and the declared name it most likely
     * means (a misspelling), if one is close.
     */
    public record UnknownName(String name, Optional<String> likely) {
        /** One line for a warning. */
        public String describe() {
            return "unknown setting '" + name + "'" + likely.map(n -> "; did you mean '" + n + "'?").orElse("");
        }
    }

    /**
     * The names of the settings file that look like this product's ({@code EVENT_BUS_...},
     * {@code EVENTS_...}) or are close to one of {@code known}, and are not among them. A file
     * shared with other tools may set names of theirs: those are left alone.
     */
    public static List<UnknownName> unknownFileNames(Settings settings, Collection<Setting<?>> known) {
        Set<String> names = new TreeSet<>();
        known.forEach(setting -> names.add(setting.name()));
        List<UnknownName> unknown = new ArrayList<>();
        for (String name : settings.fileNames()) {
            if (names.contains(name)) {
                continue;
            }
            Optional<String> likely = closest(name, names);
            String upper = name.toUpperCase(Locale.ROOT);
            if (likely.isPresent() || upper.startsWith("EVENT_BUS_") || upper.startsWith("EVENTS_")) {
                unknown.add(new UnknownName(name, likely));
            }
        }
        return unknown;
    }

    /** The candidate nearest to {@code name} by edits, when few enough edits make it (case ignored). */
    static Optional<String> closest(String name, Collection<String> candidates) {
        String wanted = name.toUpperCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(wanted, candidate.toUpperCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(2, wanted.length() / 6) ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
