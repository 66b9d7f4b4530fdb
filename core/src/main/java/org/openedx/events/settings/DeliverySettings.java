package org.openedx.events.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How every consumer delivers events to its receivers, whatever the backend: the kill switch,
 * retries with capped exponential backoff, the pause after a backend error, the
 * consecutive-errors limit and the audit log. Each setting has a general name; a backend's own
 * names (upstream's {@code EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT}, say) override it
 * for that backend when set.
 *
 * @param consumersEnabled       when false a consumer logs an error and returns as it starts
 * @param maxRetries             times an event whose receivers failed is handled again
 * @param retryDelay             the pause before the first retry, doubled for each next one
 * @param maxDelay               the longest pause between two attempts (retries and reconnects)
 * @param pollFailureSleep       the pause after a backend error, doubled for each error in a row
 * @param consecutiveErrorsLimit errors in a row that end a consumer; {@code null} for none
 * @param auditLogging           whether each message sent and received is logged (identifiers only)
 */
public record DeliverySettings(boolean consumersEnabled, int maxRetries, Duration retryDelay, Duration maxDelay,
                               Duration pollFailureSleep, Integer consecutiveErrorsLimit, boolean auditLogging) {

    public static final Setting<Boolean> EVENT_BUS_CONSUMERS_ENABLED = Setting.bool("EVENT_BUS_CONSUMERS_ENABLED",
            true, "Kill switch: when false a consumer logs an error and returns as it starts.");
    public static final Setting<Integer> EVENT_BUS_CONSUMER_MAX_RETRIES = Setting.integer(
            "EVENT_BUS_CONSUMER_MAX_RETRIES", 3,
            "Times an event whose receivers failed is handled again before it goes to the dead-letter topic.")
            .validatedBy(Validator.atLeast(0));
    public static final Setting<Duration> EVENT_BUS_CONSUMER_RETRY_DELAY = Setting.seconds(
            "EVENT_BUS_CONSUMER_RETRY_DELAY", 0.1, "Seconds before the first retry; doubled for each next one.");
    public static final Setting<Duration> EVENT_BUS_CONSUMER_RETRY_MAX_DELAY = Setting.seconds(
            "EVENT_BUS_CONSUMER_RETRY_MAX_DELAY", 30.0, "The longest pause, in seconds, between two attempts to "
                    + "handle an event or to reach the backend.").validatedBy(Validator.atLeast(Duration.ofMillis(1)));
    public static final Setting<Duration> EVENT_BUS_CONSUMER_POLL_FAILURE_SLEEP = Setting.seconds(
            "EVENT_BUS_CONSUMER_POLL_FAILURE_SLEEP", 1.0, "Seconds a consumer waits after a backend error before "
                    + "it tries again; doubled for each error in a row.").validatedBy(Validator.atLeast(Duration.ofMillis(1)));
    public static final Setting<Integer> EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT = Setting.integer(
            "EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", null,
            "Errors in a row after which a consumer stops and the process exits non-zero; unset or 0: never.")
            .validatedBy(Validator.atLeast(0));
    public static final Setting<Boolean> EVENT_BUS_AUDIT_LOGGING_ENABLED = Setting.bool(
            "EVENT_BUS_AUDIT_LOGGING_ENABLED", true,
            "Log one INFO line per event sent and two per event received (identifiers only).");

    /** The general delivery settings, in documentation order. */
    public static final List<Setting<?>> ALL = List.of(EVENT_BUS_CONSUMERS_ENABLED, EVENT_BUS_CONSUMER_MAX_RETRIES,
            EVENT_BUS_CONSUMER_RETRY_DELAY, EVENT_BUS_CONSUMER_RETRY_MAX_DELAY, EVENT_BUS_CONSUMER_POLL_FAILURE_SLEEP,
            EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT, EVENT_BUS_AUDIT_LOGGING_ENABLED);

    /**
     * A backend's own names for the delivery settings; each is unset by default, and then the
     * general setting applies.
     */
    public record Overrides(Setting<Boolean> consumersEnabled, Setting<Integer> maxRetries,
                            Setting<Duration> retryDelay, Setting<Duration> pollFailureSleep,
                            Setting<Integer> consecutiveErrorsLimit, Setting<Boolean> auditLogging) {

        /** A backend without names of its own. */
        public static final Overrides NONE = new Overrides(null, null, null, null, null, null);

        /**
         * The names upstream's backends use, e.g. for {@code REDIS}:
         * {@code EVENT_BUS_REDIS_CONSUMERS_ENABLED}, {@code EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES},
         * {@code EVENT_BUS_REDIS_CONSUMER_RETRY_DELAY}, {@code EVENT_BUS_REDIS_CONSUMER_POLL_FAILURE_SLEEP},
         * {@code EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT}, {@code EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED}.
         *
         * @param backend the backend's part of the names, e.g. {@code REDIS}
         */
        public static Overrides named(String backend) {
            String prefix = "EVENT_BUS_" + backend + "_";
            String overrides = " for this backend; unset: ";
            return new Overrides(
                    override(EVENT_BUS_CONSUMERS_ENABLED, prefix + "CONSUMERS_ENABLED", overrides),
                    override(EVENT_BUS_CONSUMER_MAX_RETRIES, prefix + "CONSUMER_MAX_RETRIES", overrides),
                    override(EVENT_BUS_CONSUMER_RETRY_DELAY, prefix + "CONSUMER_RETRY_DELAY", overrides),
                    override(EVENT_BUS_CONSUMER_POLL_FAILURE_SLEEP, prefix + "CONSUMER_POLL_FAILURE_SLEEP", overrides),
                    override(EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT, prefix + "CONSUMER_CONSECUTIVE_ERRORS_LIMIT",
                            overrides),
                    override(EVENT_BUS_AUDIT_LOGGING_ENABLED, prefix + "AUDIT_LOGGING_ENABLED", overrides));
        }

        private static <T> Setting<T> override(Setting<T> general, String name, String overrides) {
            String doc = general.doc().replaceAll("\\.$", "") + overrides + general.name() + ".";
            return new Setting<>(name, general.type(), null, doc, general.secret(), general.validator());
        }

        /** The settings, for listings. */
        public List<Setting<?>> settings() {
            List<Setting<?>> all = new ArrayList<>();
            for (Setting<?> setting : new Setting<?>[] {consumersEnabled, maxRetries, retryDelay, pollFailureSleep,
                    consecutiveErrorsLimit, auditLogging}) {
                if (setting != null) {
                    all.add(setting);
                }
            }
            return all;
        }
    }

    /**
     * Reads the general settings, each overridden by the backend's own name when that is set.
     *
     * @throws InvalidSettingException naming a setting with a value that cannot be used
     */
    public static DeliverySettings from(Settings settings, Overrides overrides) {
        Integer limit = get(settings, EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT, overrides.consecutiveErrorsLimit());
        return new DeliverySettings(
                get(settings, EVENT_BUS_CONSUMERS_ENABLED, overrides.consumersEnabled()),
                get(settings, EVENT_BUS_CONSUMER_MAX_RETRIES, overrides.maxRetries()),
                get(settings, EVENT_BUS_CONSUMER_RETRY_DELAY, overrides.retryDelay()),
                settings.get(EVENT_BUS_CONSUMER_RETRY_MAX_DELAY),
                get(settings, EVENT_BUS_CONSUMER_POLL_FAILURE_SLEEP, overrides.pollFailureSleep()),
                limit == null || limit == 0 ? null : limit,
                get(settings, EVENT_BUS_AUDIT_LOGGING_ENABLED, overrides.auditLogging()));
    }

    private static <T> T get(Settings settings, Setting<T> general, Setting<T> override) {
        T value = override == null ? null : settings.get(override);
        return value != null ? value : settings.get(general);
    }

    /** The pause before retry number {@code retry} (1 for the first): the retry delay doubled each time, capped. */
    public Duration retryDelay(int retry) {
        return capped(retryDelay, retry);
    }

    /** The pause after the {@code failures}th backend error in a row: the poll-failure sleep doubled each time, capped. */
    public Duration reconnectDelay(int failures) {
        return capped(pollFailureSleep, failures);
    }

    private Duration capped(Duration first, int step) {
        int doublings = Math.min(Math.max(step - 1, 0), 30);
        Duration delay = first.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
