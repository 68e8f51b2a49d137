-- How far the relay has carried the vault's audit outbox into the transparency log. The log's own tail is the
-- authority on which events it holds (every entry carries its outbox position); this row lets a restart tell a
-- log that is merely ahead (a crash after an append) from one that lost entries (a lost or restored directory).
CREATE TABLE audit_relay_progress (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    last_event  bigint      NOT NULL CHECK (last_event >= 0),
    log_size    bigint      NOT NULL CHECK (log_size >= 0),
    origin      text        NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- Which log entries name a subject, for the subject's own access log. The entry bytes are the log's, verbatim,
-- so a page can be served (and its receipts fetched) before or after a checkpoint covers it.
CREATE TABLE audit_subject_entries (
    subject     text        NOT NULL CHECK (subject ~ '^ps1:[0-9a-f]{32}$'),
    log_index   bigint      NOT NULL CHECK (log_index >= 0),
    event_id    bigint      NOT NULL CHECK (event_id > 0),
    entry       bytea       NOT NULL,
    PRIMARY KEY (subject, log_index)
);
