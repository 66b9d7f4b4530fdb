package org.openedx.events.bus;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listeners as one: each hears every call in order, and one that throws is logged while the
 * others still hear. Plain loops, so that a call on the hot path allocates nothing.
 */
final class Listeners implements DeliveryListener {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final DeliveryListener[] listeners;

    Listeners(List<DeliveryListener> listeners) {
        this.listeners = listeners.toArray(DeliveryListener[]::new);
    }

    private static void failed(DeliveryListener listener, RuntimeException e) {
        LOG.warn("Delivery listener {} failed: {}", listener, e.toString(), e);
    }

    @Override
    public void started(ConsumerInfo consumer) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.started(consumer);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void received(ConsumerInfo consumer, InboundEvent event) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.received(consumer, event);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void handled(ConsumerInfo consumer, InboundEvent event, int attempts, long nanos) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.handled(consumer, event, attempts, nanos);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void attemptFailed(ConsumerInfo consumer, InboundEvent event, int attempt, Throwable error) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.attemptFailed(consumer, event, attempt, error);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void retrying(ConsumerInfo consumer, InboundEvent event, int attempt, Duration delay) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.retrying(consumer, event, attempt, delay);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void undecodable(ConsumerInfo consumer, String position, Throwable error) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.undecodable(consumer, position, error);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void deadLettered(ConsumerInfo consumer, InboundEvent event, String position, String letter, int attempts,
                             Throwable error) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.deadLettered(consumer, event, position, letter, attempts, error);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void gaveUp(ConsumerInfo consumer, InboundEvent event, String position, int attempts, Throwable error) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.gaveUp(consumer, event, position, attempts, error);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void committed(ConsumerInfo consumer) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.committed(consumer);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void connectionLost(ConsumerInfo consumer, Throwable error) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.connectionLost(consumer, error);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void connectionRestored(ConsumerInfo consumer) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.connectionRestored(consumer);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void stopped(ConsumerInfo consumer, Throwable error) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.stopped(consumer, error);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void sending(ProducerInfo producer, OutgoingEvent event) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.sending(producer, event);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void delivered(ProducerInfo producer, OutgoingEvent event, String position, long nanos) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.delivered(producer, event, position, nanos);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void sendFailed(ProducerInfo producer, OutgoingEvent event, Throwable error) {
        for (DeliveryListener listener : listeners) {
            try {
                listener.sendFailed(producer, event, error);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }
}
