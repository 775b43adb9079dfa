-- 0006: what an import was told rather than read from its source, and
-- moderators' verification of quotes.
-- kind_supplied / date_supplied: 1 when the stance's kind / the quote's
-- date was given at import (the thread importer's flags), not in the source.
-- verification: '' (unverified), 'verified', 'disputed' or 'misattributed',
-- with who judged it, on which date (YYYY[-MM[-DD]], '' unknown) and why.

ALTER TABLE stances ADD COLUMN kind_supplied INTEGER NOT NULL DEFAULT 0;

ALTER TABLE quotes ADD COLUMN date_supplied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quotes ADD COLUMN verification TEXT NOT NULL DEFAULT '';
ALTER TABLE quotes ADD COLUMN verified_by TEXT NOT NULL DEFAULT '';
ALTER TABLE quotes ADD COLUMN verified_on TEXT NOT NULL DEFAULT '';
ALTER TABLE quotes ADD COLUMN verification_reason TEXT NOT NULL DEFAULT '';

-- Every judgement of a quote, oldest first: who, when and why, and whether
-- it came from an imported dataset or a chat command.
CREATE TABLE quote_verifications (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	quote_id    TEXT    NOT NULL REFERENCES quotes (id),
	status      TEXT    NOT NULL,
	verified_by TEXT    NOT NULL,
	verified_on TEXT    NOT NULL,
	reason      TEXT    NOT NULL,
	via         TEXT    NOT NULL CHECK (via IN ('import', 'chat')),
	recorded_at TEXT    NOT NULL
) STRICT;

CREATE INDEX quote_verifications_quote ON quote_verifications (quote_id, seq);
