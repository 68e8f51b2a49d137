-- Sealed snapshots of the owner's algorithms. The snapshot bytes live in files under <data dir>/engine/snapshots,
-- encrypted with Tink's streaming AEAD under a vault object key each; destroying the key (after an erasure, or when
-- a snapshot is pruned) makes every copy of the file unreadable.
CREATE TABLE engine_snapshots (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    release_id      text        NOT NULL,
    artifact_digest text        NOT NULL,
    pseudonym_epoch integer     NOT NULL,
    watch_position  bigint      NOT NULL CHECK (watch_position >= 0),
    object_key      bigint      NOT NULL,
    file_name       text        NOT NULL,
    sealed_digest   text        NOT NULL,
    first_event     timestamptz NOT NULL,
    last_event      timestamptz NOT NULL,
    events          bigint      NOT NULL,
    positives       bigint      NOT NULL,
    data_digest     text        NOT NULL,
    created_at      timestamptz NOT NULL,
    destroyed_at    timestamptz
);

CREATE INDEX engine_snapshots_latest ON engine_snapshots (release_id, pseudonym_epoch, id DESC)
    WHERE destroyed_at IS NULL;
