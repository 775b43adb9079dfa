-- 0008: positions recorded from the chat. A proposal (a draft while its
-- proposer fills in its forms, then pending until a moderator decides),
-- the provenance of the quotes approved from proposals, disputes of quotes,
-- and the audit log every one of these writes appends to.
-- Values of a proposal are kept as the proposer typed them; person_id and
-- strategy_id are what they resolved to when submitted ('' before, and
-- person_id '' for a new person). source_date is YYYY[-MM[-DD]] or ''.
-- Who: platform and the platform's user id; times are UTC text as elsewhere.

CREATE TABLE proposals (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	status       TEXT    NOT NULL CHECK (status IN ('draft', 'pending', 'approved', 'rejected')),
	person       TEXT    NOT NULL,
	person_id    TEXT    NOT NULL,
	strategy     TEXT    NOT NULL,
	strategy_id  TEXT    NOT NULL,
	stance       TEXT    NOT NULL,
	text         TEXT    NOT NULL,
	fidelity     TEXT    NOT NULL,
	url          TEXT    NOT NULL,
	source_type  TEXT    NOT NULL,
	source_title TEXT    NOT NULL,
	publisher    TEXT    NOT NULL,
	source_date  TEXT    NOT NULL,
	context      TEXT    NOT NULL,
	platform     TEXT    NOT NULL,
	user_id      TEXT    NOT NULL,
	channel_id   TEXT    NOT NULL,
	created_at   TEXT    NOT NULL,
	submitted_at TEXT    NOT NULL,
	decided_by   TEXT    NOT NULL, -- platform:user of the moderator; '' undecided
	decided_at   TEXT    NOT NULL,
	reason       TEXT    NOT NULL, -- why it was rejected
	quote_id     TEXT    NOT NULL  -- the quote its approval recorded
) STRICT;

CREATE INDEX proposals_status ON proposals (status, id);
CREATE INDEX proposals_user ON proposals (platform, user_id, submitted_at);

-- Quotes recorded by this community: who proposed them, where and when,
-- and who approved them when. Written by Import (bot.Quote.Provenance), so
-- that an exported and re-imported dataset keeps it.
CREATE TABLE quote_provenance (
	quote_id    TEXT NOT NULL PRIMARY KEY REFERENCES quotes (id),
	proposed_by TEXT NOT NULL,
	proposed_in TEXT NOT NULL,
	proposed_at TEXT NOT NULL,
	approved_by TEXT NOT NULL,
	approved_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- A quote someone disputes, with why, until a moderator resolves it.
CREATE TABLE disputes (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	quote_id     TEXT    NOT NULL REFERENCES quotes (id),
	status       TEXT    NOT NULL CHECK (status IN ('open', 'verified', 'corrected', 'misattributed', 'dismissed')),
	reason       TEXT    NOT NULL,
	platform     TEXT    NOT NULL,
	user_id      TEXT    NOT NULL,
	channel_id   TEXT    NOT NULL,
	opened_at    TEXT    NOT NULL,
	resolved_by  TEXT    NOT NULL,
	resolved_at  TEXT    NOT NULL,
	resolution   TEXT    NOT NULL, -- the moderator's reason
	new_quote_id TEXT    NOT NULL  -- a correction's new version; '' otherwise
) STRICT;

CREATE INDEX disputes_open ON disputes (quote_id) WHERE status = 'open';

-- The audit log: every proposal, edit, decision and dispute, appended in
-- order and never changed (the triggers refuse). changed says what changed
-- ("text: old → new" lines); reason says why, when given.
CREATE TABLE audit (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	at          TEXT    NOT NULL,
	platform    TEXT    NOT NULL,
	user_id     TEXT    NOT NULL,
	action      TEXT    NOT NULL,
	proposal_id INTEGER NOT NULL,
	dispute_id  INTEGER NOT NULL,
	quote_id    TEXT    NOT NULL,
	person_id   TEXT    NOT NULL,
	changed     TEXT    NOT NULL,
	reason      TEXT    NOT NULL
) STRICT;

CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_person ON audit (person_id, seq);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
