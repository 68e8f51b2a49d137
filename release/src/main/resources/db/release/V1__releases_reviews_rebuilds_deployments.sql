-- The release gate's state: releases, their reviews, rebuilds and deployments. Blobs live in the blob store on
-- disk (content-addressed); rows name them by digest.
CREATE TABLE release_releases (
    id                text PRIMARY KEY CHECK (id ~ '^rel-[0-9a-f]{16}$'),
    seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    artifact_digest   text NOT NULL UNIQUE CHECK (artifact_digest ~ '^sha256:[0-9a-f]{64}$'),
    source_digest     text NOT NULL CHECK (source_digest ~ '^sha256:[0-9a-f]{64}$'),
    bundle_name       text NOT NULL,
    main_class        text NOT NULL,
    protocol_version  integer NOT NULL,
    notes             text NOT NULL,
    notes_commitment  text NOT NULL,
    submitter         text NOT NULL,
    required_reviews  integer NOT NULL CHECK (required_reviews BETWEEN 1 AND 10),
    state             text NOT NULL CHECK (state IN ('SUBMITTED', 'APPROVED', 'REJECTED', 'REVOKED')),
    submitted_at      timestamptz NOT NULL,
    approved_at       timestamptz,
    statement         text,
    closed_by         text,
    closed_reason     text,
    closed_at         timestamptz,
    log_index         bigint
);

CREATE TABLE release_reviews (
    release_id           text NOT NULL REFERENCES release_releases (id),
    reviewer             text NOT NULL,
    verdict              text NOT NULL CHECK (verdict IN ('APPROVE', 'REJECT')),
    findings             text NOT NULL,
    findings_commitment  text NOT NULL,
    reason               text NOT NULL,
    reviewed_at          timestamptz NOT NULL,
    PRIMARY KEY (release_id, reviewer)
);

CREATE TABLE release_rebuilds (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    release_id         text NOT NULL REFERENCES release_releases (id),
    rebuilt_digest     text,
    matches            boolean NOT NULL,
    only_in_submitted  text[] NOT NULL,
    only_in_rebuilt    text[] NOT NULL,
    differing          text[] NOT NULL,
    recipe             text NOT NULL,
    dependencies       text NOT NULL,
    runtime            text NOT NULL,
    builder            text NOT NULL,
    started_on         timestamptz NOT NULL,
    finished_on        timestamptz NOT NULL,
    error              text NOT NULL,
    requested_by       text NOT NULL
);
CREATE INDEX release_rebuilds_by_release ON release_rebuilds (release_id, id);

CREATE TABLE release_deployments (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    release_id        text NOT NULL REFERENCES release_releases (id),
    previous_release  text,
    deployed_by       text NOT NULL,
    deployed_at       timestamptz NOT NULL
);
