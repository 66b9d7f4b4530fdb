package org.openedx.events.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.openedx.events.EventData;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.StoredEventProducer;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.outbox.JdbcOutbox;
import org.openedx.events.outbox.JdbcTransactions;
import org.openedx.events.outbox.OutboxRelay;
import org.openedx.events.outbox.OutboxSchema;
import org.openedx.events.settings.Settings;

/**
 * The outbox production mode against immediate mode, in one run, with the login event on the
 * Redis bus and PostgreSQL: an application that writes one row and sends k events per
 * transaction (k = 1 and k = 100), through a pool of connections (HikariCP).
 * <ul>
 *   <li>immediate: events/s from the first transaction until the producer confirms the last event;</li>
 *   <li>outbox, committed: events/s written to the outbox with their transactions, no relay running;</li>
 *   <li>outbox, relayed: events/s a relay publishes (and deletes) of that backlog;</li>
 *   <li>outbox, both at once: events/s from the first transaction until the relay published the last.</li>
 * </ul>
 * The database {@code outbox_bench_*} is created on the server of {@code OUTBOX_BENCH_POSTGRES_URL}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user postgres) and dropped at the end.
 * Usage: {@code OutboxBenchmark [events N]}; Redis at {@code EVENT_BUS_REDIS_CONNECTION_URL}.
 */
public final class OutboxBenchmark {

    private static final OpenEdxPublicSignal LOGIN = LearningSignals.SESSION_LOGIN_COMPLETED;
    private static final String TYPE = LOGIN.eventType();

    private final Settings environment;
    private final HikariDataSource dataSource;
    private final int events;

    private OutboxBenchmark(Settings environment, HikariDataSource dataSource, int events) {
        this.environment = environment;
        this.dataSource = dataSource;
        this.events = events;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = new HashMap<>(Map.of("events", 20_000));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], Integer.parseInt(args[i + 1]));
        }
        String server = System.getProperty("OUTBOX_BENCH_POSTGRES_URL",
                System.getenv().getOrDefault("OUTBOX_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"));
        String database = "outbox_bench_" + UUID.randomUUID().toString().substring(0, 8);
        execute(server, "CREATE DATABASE " + database);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.substring(0, server.lastIndexOf('/') + 1) + database);
        config.setUsername("postgres");
        config.setMaximumPoolSize(4);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            OutboxSchema.migrate(dataSource);
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE account_change (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL)");
            }
            OutboxBenchmark benchmark = new OutboxBenchmark(Settings.fromEnvironment(), dataSource,
                    options.get("events"));
            System.out.printf("%d login events per figure, Redis at %s, PostgreSQL database %s%n",
                    benchmark.events, System.getProperty("EVENT_BUS_REDIS_CONNECTION_URL", "redis://127.0.0.1:6379/0"),
                    database);
            System.out.printf("%-28s %12s %12s %12s %12s%n", "events per transaction", "immediate", "outbox commit",
                    "outbox relay", "outbox both");
            for (int perTransaction : new int[] {1, 100}) {
                benchmark.run(perTransaction, true);
                benchmark.run(perTransaction, false);
            }
        } finally {
            execute(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private void run(int perTransaction, boolean warmUp) throws Exception {
        int count = warmUp ? Math.max(perTransaction, events / 10) : events;
        double immediate = immediate(count, perTransaction);
        double[] outbox = outbox(count, perTransaction);
        if (!warmUp) {
            System.out.printf("%-28d %12.0f %12.0f %12.0f %12.0f   events/s%n", perTransaction, immediate, outbox[0],
                    outbox[1], outbox[2]);
        }
    }

    private Settings settings(String prefix, String mode) {
        Map<String, Object> entry = Map.of("event_key_field", "user.id", "enabled", true, "mode", mode);
        return environment.toBuilder().put("EVENT_BUS_PRODUCER", "redis")
                .put("EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED", false).put("EVENT_BUS_TOPIC_PREFIX", prefix)
                .put("EVENT_BUS_REDIS_STREAM_MAX_LEN", 10_000)
                .put("EVENT_BUS_OUTBOX_POLL_INTERVAL", 0.005)
                .put("EVENT_BUS_PRODUCER_CONFIG", Map.of(TYPE, new LinkedHashMap<>(Map.of("logins", entry)))).build();
    }

    private static String prefix() {
        return "bench-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Each transaction: one application row, then {@code perTransaction} events. */
    private void commit(JdbcTransactions transactions, int count, int perTransaction) throws SQLException {
        for (int sent = 0; sent < count; sent += perTransaction) {
            long first = sent + 1;
            transactions.inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO account_change (user_id) VALUES (?)")) {
                    insert.setLong(1, first);
                    insert.executeUpdate();
                }
                for (long user = first; user < first + perTransaction; user++) {
                    LOGIN.sendEvent(login(user));
                }
                return null;
            });
        }
    }

    private double immediate(int count, int perTransaction) throws SQLException {
        JdbcTransactions transactions = new JdbcTransactions(dataSource);
        try (EventBus bus = EventBus.builder().settings(settings(prefix(), "immediate")).transactions(transactions)
                .start()) {
            long start = System.nanoTime();
            commit(transactions, count, perTransaction);
            if (!bus.producer().flush(Duration.ofMinutes(2))) {
                throw new IllegalStateException("Immediate mode did not deliver every event");
            }
            return perSecond(count, start);
        }
    }

    /** Committed/s with no relay, relayed/s of that backlog, and both at once. */
    private double[] outbox(int count, int perTransaction) throws Exception {
        double[] rates = new double[3];
        JdbcTransactions transactions = new JdbcTransactions(dataSource);
        Settings settings = settings(prefix(), "outbox");
        try (EventBus bus = EventBus.builder().settings(settings).transactions(transactions)
                .outbox(JdbcOutbox.create(transactions)).start()) {
            StoredEventProducer producer = (StoredEventProducer) bus.producer();
            long start = System.nanoTime();
            commit(transactions, count, perTransaction);
            rates[0] = perSecond(count, start);
            start = System.nanoTime();
            try (OutboxRelay relay = OutboxRelay.start(dataSource, producer, settings)) {
                awaitPublished(relay, count);
            }
            rates[1] = perSecond(count, start);
            start = System.nanoTime();
            try (OutboxRelay relay = OutboxRelay.start(dataSource, producer, settings)) {
                commit(transactions, count, perTransaction);
                awaitPublished(relay, count);
            }
            rates[2] = perSecond(count, start);
        }
        return rates;
    }

    private static void awaitPublished(OutboxRelay relay, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (relay.published() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The relay published " + relay.published() + " of " + count);
            }
            Thread.sleep(1);
        }
    }

    private static double perSecond(int count, long startNanos) {
        return count / ((System.nanoTime() - startNanos) / 1e9);
    }

    private static EventData login(long userId) {
        return EventData.of("user", new UserData(userId, true,
                new UserPersonalData("user" + userId, "user" + userId + "@example.com", "User " + userId)));
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", null);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
