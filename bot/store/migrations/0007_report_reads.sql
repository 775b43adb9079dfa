-- 0007 (search): what /whoendorses and /person read for one request, so
-- that neither reads every strategy's stances nor every quote of a person.
-- quotes: the person's current quotes on the stance's strategy;
-- all_quotes: their current quotes on all their current stances. Both are
-- derived from quotes and stances: Import recounts every person whose
-- stances or quotes it wrote or retracted, in the same transaction
-- (importer.recount). A retracted stance's counts are not read.
ALTER TABLE stances ADD COLUMN quotes     INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stances ADD COLUMN all_quotes INTEGER NOT NULL DEFAULT 0;

UPDATE stances SET quotes = (SELECT count(*) FROM quotes q
	WHERE q.strategy_id = stances.strategy_id AND q.person_id = stances.person_id AND q.retracted_seq = 0);
UPDATE stances SET all_quotes = (SELECT coalesce(sum(o.quotes), 0) FROM stances o
	WHERE o.person_id = stances.person_id AND o.retracted_seq = 0);

-- A strategy's stated endorsers' other stated endorsements (what else they
-- endorse), read from the index alone. The kinds are
-- bot.StanceKind.IsEndorser's, in bot.StanceKinds order: the query builds
-- the same list from the Go constants (a test checks the plan).
CREATE INDEX stances_endorsed ON stances (person_id, position, strategy_id, kind, tentative, retracted_seq)
	WHERE retracted_seq = 0 AND tentative = 0 AND kind IN ('endorses', 'mixed', 'conditional', 'evolved-toward');

-- One /person page: a person's current quotes in the order it shows them
-- (newest source date first, unknown parts last, then id).
CREATE INDEX quotes_person_page ON quotes (person_id, date_year DESC, date_month DESC, date_day DESC, id)
	WHERE retracted_seq = 0;
