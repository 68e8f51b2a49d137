-- The position of a watch event in the stream of ingestion: the recommender's snapshots record the last position
-- they include, and a restart replays the events after it (through the vault, as a service read).
ALTER TABLE app_watch_events ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX app_watch_events_id_idx ON app_watch_events (id);
