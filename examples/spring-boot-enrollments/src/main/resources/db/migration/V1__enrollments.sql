CREATE TABLE enrollment (
    user_id    BIGINT      NOT NULL,
    course_key TEXT        NOT NULL,
    username   TEXT        NOT NULL,
    mode       TEXT        NOT NULL,
    is_active  BOOLEAN     NOT NULL,
    -- the time of the event (or request) the row reflects: older ones change nothing
    as_of      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, course_key)
);

CREATE INDEX enrollment_course ON enrollment (course_key);

CREATE TABLE deactivation (
    request_id   TEXT        PRIMARY KEY,
    user_id      BIGINT      NOT NULL,
    course_key   TEXT        NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL
);
