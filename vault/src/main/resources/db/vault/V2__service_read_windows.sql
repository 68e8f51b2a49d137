-- Reads by automated services, summed per (window, principal, purpose, column) until the window closes and the sum
-- becomes one service-reads audit event. A read is counted here, durably, before its plaintext is returned, so a
-- crash loses no read: an unflushed window is flushed by whichever node runs next.
CREATE TABLE vault_service_reads (
    window_start  timestamptz NOT NULL,
    principal     text        NOT NULL,
    purpose       text        NOT NULL,
    column_name   text        NOT NULL,
    reads         bigint      NOT NULL CHECK (reads > 0),
    subjects      bigint      NOT NULL CHECK (subjects > 0 AND subjects <= reads),
    PRIMARY KEY (window_start, principal, purpose, column_name)
);

-- The window's distinct subjects, exact: a subject's first read in a window inserts a row and bumps the counter's
-- subjects by one. Deleted with the counter when the window is flushed.
CREATE TABLE vault_service_read_subjects (
    window_start  timestamptz NOT NULL,
    principal     text        NOT NULL,
    purpose       text        NOT NULL,
    column_name   text        NOT NULL,
    subject_id    bigint      NOT NULL CHECK (subject_id > 0),
    PRIMARY KEY (window_start, principal, purpose, column_name, subject_id)
);
