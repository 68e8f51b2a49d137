-- Issue 15: a requester may withdraw a pending request (WITHDRAWN, final), and a pending request not decided within
-- lockbox.pending.max.age is closed by the sweeper as EXPIRED without ever having been granted.

ALTER TABLE lockbox_requests DROP CONSTRAINT lockbox_requests_state_check;
ALTER TABLE lockbox_requests ADD CONSTRAINT lockbox_requests_state_check
    CHECK (state IN ('PENDING', 'GRANTED', 'DENIED', 'REVOKED', 'EXPIRED', 'WITHDRAWN'));

-- Was: GRANTED and EXPIRED both need a time box. An EXPIRED request that was never granted has none.
ALTER TABLE lockbox_requests DROP CONSTRAINT lockbox_requests_check1;
ALTER TABLE lockbox_requests ADD CONSTRAINT lockbox_requests_granted_has_time_box
    CHECK (state <> 'GRANTED' OR (granted_at IS NOT NULL AND expires_at IS NOT NULL));
ALTER TABLE lockbox_requests ADD CONSTRAINT lockbox_requests_expired_time_box_whole
    CHECK (state <> 'EXPIRED' OR ((granted_at IS NULL) = (expires_at IS NULL)));

CREATE INDEX lockbox_requests_pending_age ON lockbox_requests (created_at) WHERE state = 'PENDING';
