package org.openedx.events.bus.spi;

import java.util.function.Predicate;
import org.openedx.events.bus.OutgoingEvent;

/**
 * Where a producer in {@link org.openedx.events.settings.ProductionMode#SPOOL spool} mode keeps
 * its events until the backend has them: found with {@link java.util.ServiceLoader}; the
 * {@code openedx-events-embedded} module provides one, so that core needs no database. A spool
 * composes with any backend, whose transport only moves bytes.
 */
public interface ProducerSpool {

    /**
     * A transport that confirms each event {@code spooled} selects once it is stored (durable
     * when {@link ProducerTransport#write} returns) and forwards the stored events, in order, to
     * {@code target}, removing each once {@code target} confirmed it; events stored before a
     * restart are forwarded too. The other events go to {@code target} directly.
     *
     * @param codec the backend's codec, which decodes stored events again for {@code target}
     * @throws org.openedx.events.settings.InvalidSettingException naming a setting that cannot be used
     */
    ProducerTransport around(ProducerTransport target, EventCodec codec, BackendContext context,
                             Predicate<OutgoingEvent> spooled);
}
