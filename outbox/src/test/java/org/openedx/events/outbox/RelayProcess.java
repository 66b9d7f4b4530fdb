package org.openedx.events.outbox;

import java.util.List;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.StoredEventProducer;
import org.openedx.events.settings.Settings;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A relay alone in its process, for the crash test to kill: {@code <jdbc url> <user> <redis url> <prefix>}.
 * It prints one line once it runs, then relays until killed.
 */
public final class RelayProcess {

    private RelayProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(args[0]);
        dataSource.setUser(args[1]);
        Settings settings = OutboxTestSupport.settings(args[2], args[3], List.of());
        StoredEventProducer producer = (StoredEventProducer) EventBusBackends.producer(settings);
        OutboxRelay.start(dataSource, producer, settings);
        System.out.println("relaying");
        System.out.flush();
        Thread.currentThread().join();
    }
}
