-- One share per user per video (issue 15): a repeat share records nothing, so the share counter counts sharers and
-- one account cannot inflate a video's popularity score by sharing it again and again. Shares recorded twice before
-- this are folded into the first, and the counters recounted, so that the key holds and the counters still equal
-- the rows they count.
DELETE FROM app_shares later
 USING app_shares earlier
 WHERE later.video_id = earlier.video_id AND later.sharer_index = earlier.sharer_index AND later.id > earlier.id;

UPDATE app_video_counters k
   SET shares = n.shares
  FROM (SELECT k2.video_id, count(s.id) AS shares
          FROM app_video_counters k2 LEFT JOIN app_shares s ON s.video_id = k2.video_id
         GROUP BY k2.video_id) n
 WHERE k.video_id = n.video_id AND k.shares <> n.shares;

ALTER TABLE app_shares ADD CONSTRAINT app_shares_once UNIQUE (video_id, sharer_index);
