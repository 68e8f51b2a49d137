-- The viewer of a watch event, sealed under the custodian's reference key (vault "subject references"), so that the
-- recommender's replay can open each event under its viewer's data key without reversing the blind index by
-- hashing every account. Rows stored before this column existed have none and are not replayed.
ALTER TABLE app_watch_events ADD COLUMN viewer_ref bytea;
