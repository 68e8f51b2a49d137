CREATE TABLE testmod_events (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE testmod_events_2026 PARTITION OF testmod_events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
