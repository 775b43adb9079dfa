-- 0001: the board, strategies, people, stances, quotes, stories and the
-- change log. Timestamps are UTC text, fixed width
-- ("2006-01-02T15:04:05.000000000Z"), so they sort as text; '' is unknown.
-- Unknown tiers are ''. seq is the changes.seq of an entity's last change.

CREATE TABLE board (
	id             INTEGER PRIMARY KEY CHECK (id = 1),
	name           TEXT    NOT NULL,
	profiled_total INTEGER NOT NULL,
	synthetic      INTEGER NOT NULL DEFAULT 0 -- 1: a generated dataset (benchmarks)
) STRICT;

CREATE TABLE strategies (
	id          TEXT    NOT NULL PRIMARY KEY,
	name        TEXT    NOT NULL,
	summary     TEXT    NOT NULL,
	recorded_at TEXT    NOT NULL,
	seq         INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE strategy_aliases (
	strategy_id TEXT    NOT NULL REFERENCES strategies (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	alias       TEXT    NOT NULL,
	PRIMARY KEY (strategy_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE people (
	id            TEXT    NOT NULL PRIMARY KEY,
	name          TEXT    NOT NULL,
	role          TEXT    NOT NULL,
	expertise     TEXT    NOT NULL,
	recognition   TEXT    NOT NULL,
	vintage       TEXT    NOT NULL,
	pdoom_percent REAL,
	pdoom_source  TEXT    NOT NULL,
	profiled      INTEGER NOT NULL,
	recorded_at   TEXT    NOT NULL,
	seq           INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE person_aliases (
	person_id TEXT    NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	position  INTEGER NOT NULL,
	alias     TEXT    NOT NULL,
	PRIMARY KEY (person_id, position)
) STRICT, WITHOUT ROWID;

-- Clustered by strategy: /whoendorses reads one contiguous range.
CREATE TABLE stances (
	strategy_id TEXT    NOT NULL REFERENCES strategies (id),
	person_id   TEXT    NOT NULL REFERENCES people (id),
	kind        TEXT    NOT NULL,
	summary     TEXT    NOT NULL,
	recorded_at TEXT    NOT NULL,
	seq         INTEGER NOT NULL,
	PRIMARY KEY (strategy_id, person_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX stances_person ON stances (person_id);

-- Who endorses what. The list is bot.StanceKind.IsEndorser's, in
-- bot.StanceKinds order: queries filter on the same list, built from the Go
-- constants, so the planner picks this index only while the two agree (a
-- test checks the plan), and results stay right even if they do not.
CREATE INDEX stances_endorsed ON stances (person_id, strategy_id, kind)
	WHERE kind IN ('endorses', 'mixed', 'conditional', 'evolved-toward');

-- For each pair of strategies, how many people endorse both: what else a
-- strategy's endorsers endorse. Derived from stances: Import recounts the
-- rows of every strategy whose endorsers it changed, with one aggregate
-- query, in the same transaction. Symmetric; both directions are stored so
-- that /whoendorses reads one range.
CREATE TABLE co_endorsements (
	strategy_id TEXT    NOT NULL REFERENCES strategies (id),
	other_id    TEXT    NOT NULL REFERENCES strategies (id),
	people      INTEGER NOT NULL CHECK (people > 0),
	PRIMARY KEY (strategy_id, other_id)
) STRICT, WITHOUT ROWID;

-- Clustered by strategy, then person: /whoendorses reads one contiguous
-- range. id, the natural key (bot.QuoteID), is unique.
CREATE TABLE quotes (
	strategy_id  TEXT    NOT NULL REFERENCES strategies (id),
	person_id    TEXT    NOT NULL REFERENCES people (id),
	id           TEXT    NOT NULL UNIQUE,
	text         TEXT    NOT NULL,
	fidelity     TEXT    NOT NULL,
	source_type  TEXT    NOT NULL,
	source_title TEXT    NOT NULL,
	publisher    TEXT    NOT NULL,
	date_year    INTEGER NOT NULL,
	date_month   INTEGER NOT NULL,
	date_day     INTEGER NOT NULL,
	url          TEXT    NOT NULL,
	context      TEXT    NOT NULL,
	recorded_at  TEXT    NOT NULL,
	seq          INTEGER NOT NULL UNIQUE,
	PRIMARY KEY (strategy_id, person_id, id)
) STRICT, WITHOUT ROWID;

-- Ordered by person, then strategy and id (the primary key's columns).
CREATE INDEX quotes_person ON quotes (person_id);

CREATE TABLE stories (
	id          TEXT    NOT NULL PRIMARY KEY,
	headline    TEXT    NOT NULL,
	quote_id    TEXT    NOT NULL REFERENCES quotes (id),
	recorded_at TEXT    NOT NULL,
	seq         INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE story_sections (
	story_id TEXT    NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	heading  TEXT    NOT NULL,
	text     TEXT    NOT NULL,
	PRIMARY KEY (story_id, position)
) STRICT, WITHOUT ROWID;

-- to_handles is a JSON array of the handles a reply is addressed to.
CREATE TABLE story_replies (
	story_id    TEXT    NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	to_handles  TEXT    NOT NULL CHECK (json_valid(to_handles)),
	text        TEXT    NOT NULL,
	quotes_post INTEGER NOT NULL,
	PRIMARY KEY (story_id, position)
) STRICT, WITHOUT ROWID;

-- The change log: one row per new or changed entity, in the order recorded.
-- Its seq is the store's version. Stance rows keep the stance before
-- (old_*, '' for a new stance) and after (new_*): the stance history.
CREATE TABLE changes (
	seq             INTEGER PRIMARY KEY AUTOINCREMENT,
	kind            TEXT NOT NULL,
	person_id       TEXT NOT NULL DEFAULT '',
	strategy_id     TEXT NOT NULL DEFAULT '',
	quote_id        TEXT NOT NULL DEFAULT '',
	old_kind        TEXT NOT NULL DEFAULT '',
	old_summary     TEXT NOT NULL DEFAULT '',
	old_recorded_at TEXT NOT NULL DEFAULT '',
	new_kind        TEXT NOT NULL DEFAULT '',
	new_summary     TEXT NOT NULL DEFAULT '',
	recorded_at     TEXT NOT NULL
) STRICT;

CREATE INDEX changes_person ON changes (person_id, seq);
