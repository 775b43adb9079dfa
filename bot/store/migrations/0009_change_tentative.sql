-- 0009: the change log keeps whether a stance was tentative before
-- (old_tentative) and after (new_tentative) each change, beside old_kind and
-- new_kind, so that a digest counts stated endorsers (an endorsing kind, not
-- tentative) exactly on both sides of every change: tentative -> stated,
-- stated -> tentative, and the retraction of a stated endorsement. A side
-- with no stance (before a new stance, after a retraction) and every row
-- that is not a stance change keep 0.
ALTER TABLE changes ADD COLUMN old_tentative INTEGER NOT NULL DEFAULT 0 CHECK (old_tentative IN (0, 1));
ALTER TABLE changes ADD COLUMN new_tentative INTEGER NOT NULL DEFAULT 0 CHECK (new_tentative IN (0, 1));

-- Backfill of the rows recorded before this migration. The store kept only
-- each stance's current tentativeness (stances.tentative), never its past
-- one, so every earlier stance row of a person and strategy gets that
-- value on each side that holds a stance:
--   stance-new:       new_tentative
--   stance-changed:   old_tentative and new_tentative
--   stance-retracted: old_tentative
-- What is exact: the after side of a stance's last row (its current
-- stance), and the before side of a retraction that is its last row (a
-- retraction leaves stances.tentative as it was). What cannot be known: the
-- tentativeness a stance had before its last change. A stance-changed row
-- whose kind and summary did not change may have been a tentativeness
-- change (or a board date or kind-supplied change: which one was not
-- recorded); it is backfilled as no change of tentativeness. The rule keeps
-- the log consistent (each row's before side is the previous row's after
-- side), so a digest's delta is stated(end) - stated(start) of its range:
-- exact for every range that starts after this migration; for the one
-- range that straddles it, the start assumes the current tentativeness, as
-- digests did before it.
UPDATE changes SET
	old_tentative = CASE WHEN changes.kind IN ('stance-changed', 'stance-retracted') THEN st.tentative ELSE 0 END,
	new_tentative = CASE WHEN changes.kind IN ('stance-new', 'stance-changed') THEN st.tentative ELSE 0 END
FROM stances st
WHERE st.person_id = changes.person_id AND st.strategy_id = changes.strategy_id
	AND changes.kind IN ('stance-new', 'stance-changed', 'stance-retracted');
