package org.openedx.events.bus.internal;

import java.util.Map;
import org.openedx.events.EventReceiver;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.TransactionHook;
import org.openedx.events.settings.ProducerConfig;
import org.openedx.events.settings.ProductionMode;
import org.openedx.events.settings.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver that hands configured events to the producer (upstream
 * {@code general_signal_handler}): once per enabled topic, with the same metadata, and never
 * for an event that came from the bus (the recursion guard). A topic in
 * {@link ProductionMode#ON_COMMIT} mode gets the event after the sender's transaction commits.
 */
public final class ProducerBridge implements EventReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerBridge.class);

    private final ProducerConfig config;
    private final ProductionMode defaultMode;
    private final EventBusProducer producer;
    private final TransactionHook transactions;

    public ProducerBridge(ProducerConfig config, ProductionMode defaultMode, EventBusProducer producer,
                          TransactionHook transactions) {
        this.config = config;
        this.defaultMode = defaultMode;
        this.producer = producer;
        this.transactions = transactions;
    }

    @Override
    public void receive(ReceivedEvent event) {
        String eventType = event.eventType();
        if (event.fromEventBus()) {
            LOG.debug("Declining to send signal to the Event Bus since that's where it was sent from: {} "
                    + "(preventing recursion)", eventType);
            return;
        }
        for (Map.Entry<String, TopicConfig> topic : config.topics(eventType).entrySet()) {
            TopicConfig topicConfig = topic.getValue();
            if (!topicConfig.enabled()) {
                continue;
            }
            OutgoingEvent outgoing = new OutgoingEvent(event.signal(), topic.getKey(), topicConfig.eventKeyField(),
                    event.data(), event.metadata());
            if (topicConfig.modeOr(defaultMode) == ProductionMode.ON_COMMIT && transactions.inTransaction()) {
                transactions.afterCommit(() -> producer.send(outgoing));
            } else {
                producer.send(outgoing);
            }
        }
    }
}
