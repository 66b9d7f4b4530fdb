package org.openedx.events.bus.internal;

import java.util.Map;
import org.openedx.events.EventReceiver;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.bus.EventBusConfigurationException;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutboxWriter;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.StoredEventProducer;
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
 * {@link ProductionMode#ON_COMMIT} mode gets the event after the sender's transaction commits; one
 * in {@link ProductionMode#OUTBOX} mode has it encoded by the producer and written to the outbox,
 * in the sender's transaction.
 */
public final class ProducerBridge implements EventReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerBridge.class);

    private final ProducerConfig config;
    private final ProductionMode defaultMode;
    private final EventBusProducer producer;
    private final TransactionHook transactions;
    private final OutboxWriter outbox;

    /**
     * @param outbox where events of topics in outbox mode go, or null when none is set
     * @throws EventBusConfigurationException naming the event type and topic of an outbox-mode
     *                                        topic when there is no outbox, or a producer that cannot encode for one
     */
    public ProducerBridge(ProducerConfig config, ProductionMode defaultMode, EventBusProducer producer,
                          TransactionHook transactions, OutboxWriter outbox) {
        this.config = config;
        this.defaultMode = defaultMode;
        this.producer = producer;
        this.transactions = transactions;
        this.outbox = outbox;
        for (String eventType : config.eventTypes()) {
            config.topics(eventType).forEach((topic, topicConfig) -> {
                if (topicConfig.enabled() && topicConfig.modeOr(defaultMode) == ProductionMode.OUTBOX) {
                    String where = "Event type " + eventType + ", topic '" + topic + "': mode 'outbox' needs ";
                    if (outbox == null) {
                        throw new EventBusConfigurationException(where + "an outbox (EventBus.builder().outbox(...), "
                                + "from the openedx-events-outbox module)");
                    }
                    if (!(producer instanceof StoredEventProducer)) {
                        throw new EventBusConfigurationException(where + "a backend producer (set EVENT_BUS_PRODUCER)");
                    }
                }
            });
        }
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
            ProductionMode mode = topicConfig.modeOr(defaultMode);
            if (mode == ProductionMode.OUTBOX) {
                ((StoredEventProducer) producer).store(outgoing, outbox);
            } else if (mode == ProductionMode.ON_COMMIT && transactions.inTransaction()) {
                transactions.afterCommit(() -> producer.send(outgoing));
            } else {
                producer.send(outgoing);
            }
        }
    }
}
