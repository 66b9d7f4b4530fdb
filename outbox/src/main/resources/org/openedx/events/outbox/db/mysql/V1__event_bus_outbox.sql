-- The outbox of openedx-events-outbox: one row per event, encoded as the backend sends it
-- (metadata fields, key text, Avro bytes), removed once the broker confirmed it.
CREATE TABLE event_bus_outbox (
    id              BIGINT        AUTO_INCREMENT PRIMARY KEY,
    topic           VARCHAR(255)  NOT NULL,
    full_topic      VARCHAR(255)  NOT NULL,
    event_key_field VARCHAR(255),
    event_key       VARCHAR(1024),
    event_type      VARCHAR(255)  NOT NULL,
    event_id        VARCHAR(36)   NOT NULL,
    source          VARCHAR(255)  NOT NULL,
    event_time      VARCHAR(40)   NOT NULL,
    minorversion    INTEGER       NOT NULL,
    sourcehost      VARCHAR(255)  NOT NULL,
    sourcelib       VARCHAR(64)   NOT NULL,
    event_data      LONGBLOB      NOT NULL,
    created_millis  BIGINT        NOT NULL,
    attempts        INTEGER       NOT NULL DEFAULT 0,
    last_error      VARCHAR(4000),
    parked          BOOLEAN       NOT NULL DEFAULT FALSE
);

CREATE INDEX event_bus_outbox_topic_order ON event_bus_outbox (full_topic, id);

-- One row per topic on the bus: a relay holds a topic's row locked while it publishes a batch.
CREATE TABLE event_bus_outbox_topic (
    full_topic VARCHAR(255) PRIMARY KEY
);
