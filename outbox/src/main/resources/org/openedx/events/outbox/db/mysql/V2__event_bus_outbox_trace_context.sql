-- The W3C trace context of the send that wrote the row, published with the event so that the
-- consumer's span continues the sender's trace. NULL for an untraced send and for rows written
-- before this migration: those are published without one.
ALTER TABLE event_bus_outbox ADD COLUMN traceparent VARCHAR(255);
ALTER TABLE event_bus_outbox ADD COLUMN tracestate TEXT;
