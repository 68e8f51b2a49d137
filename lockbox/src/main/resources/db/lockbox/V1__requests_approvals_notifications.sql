-- The custodian's lockbox: access requests, their approvals, and the notifications they trigger.
-- Every state change is one transaction that also writes its audit event to vault_audit_outbox.

CREATE TABLE lockbox_requests (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    requester          text        NOT NULL,
    subject_id         bigint      NOT NULL,
    subject_pseudonym  text        NOT NULL,
    scopes             text[]      NOT NULL,
    columns            text[]      NOT NULL,
    purpose            text        NOT NULL,
    justification      text        NOT NULL,
    duration_seconds   bigint      NOT NULL CHECK (duration_seconds > 0),
    required_approvals int         NOT NULL CHECK (required_approvals > 0),
    state              text        NOT NULL CHECK (state IN ('PENDING', 'GRANTED', 'DENIED', 'REVOKED', 'EXPIRED')),
    created_at         timestamptz NOT NULL,
    granted_at         timestamptz,
    expires_at         timestamptz,
    closed_by          text,
    closed_at          timestamptz,
    CHECK (state <> 'PENDING' OR (granted_at IS NULL AND closed_at IS NULL)),
    CHECK (state NOT IN ('GRANTED', 'EXPIRED') OR (granted_at IS NOT NULL AND expires_at IS NOT NULL))
);

CREATE INDEX lockbox_requests_by_state ON lockbox_requests (state, id);
CREATE INDEX lockbox_requests_by_requester ON lockbox_requests (requester, id);
CREATE INDEX lockbox_requests_expiring ON lockbox_requests (expires_at) WHERE state = 'GRANTED';

CREATE TABLE lockbox_approvals (
    request_id  bigint      NOT NULL REFERENCES lockbox_requests (id),
    approver    text        NOT NULL,
    approved_at timestamptz NOT NULL,
    PRIMARY KEY (request_id, approver)
);

CREATE TABLE lockbox_notifications (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id      bigint      NOT NULL REFERENCES lockbox_requests (id),
    payload         text        NOT NULL,
    created_at      timestamptz NOT NULL,
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    delivered_at    timestamptz,
    last_error      text
);

CREATE INDEX lockbox_notifications_due ON lockbox_notifications (next_attempt_at, id) WHERE delivered_at IS NULL;
