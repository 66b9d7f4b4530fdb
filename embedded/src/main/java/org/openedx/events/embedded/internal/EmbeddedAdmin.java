package org.openedx.events.embedded.internal;

import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.embedded.EmbeddedSettings;

/** Topic and group operations on the embedded store. */
public final class EmbeddedAdmin implements BusAdmin {

    private final SqliteStore store;

    public EmbeddedAdmin(EmbeddedSettings settings) {
        this.store = new SqliteStore(settings);
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
    public void close() {
        store.close();
    }
}
