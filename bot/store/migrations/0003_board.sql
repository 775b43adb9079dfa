-- 0003: everything the board records. People get the board's profile
-- (tagline, summary, categories, links, tier notes), affiliations, p(doom)
-- and timeline claims; stances become tentative or not; sources get archive
-- and video links; the board's canonical strategies and their declared
-- relations; the aggregates a page printed; and what a source import needs
-- to follow its source: which source a stance or quote came from, the
-- source's order and time, and retraction (a stance or quote the source no
-- longer holds is kept, marked with the change that retracted it, and is
-- no longer current). Timestamps and '' as in 0001.

-- The source's order of people (1 first; 0 none) breaks ties as it does.
ALTER TABLE people ADD COLUMN tagline          TEXT    NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN summary          TEXT    NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN categories       TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(categories)); -- JSON array
ALTER TABLE people ADD COLUMN homepage         TEXT    NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN wikipedia        TEXT    NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN twitter          TEXT    NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN last_updated     TEXT    NOT NULL DEFAULT ''; -- YYYY[-MM[-DD]]
ALTER TABLE people ADD COLUMN expertise_note   TEXT    NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN recognition_note TEXT    NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN vintage_note     TEXT    NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN position         INTEGER NOT NULL DEFAULT 0;
-- 1: the source states the person has no profile on the board (bot.Person.Unprofiled).
ALTER TABLE people ADD COLUMN unprofiled   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN source_time      TEXT    NOT NULL DEFAULT '';

CREATE TABLE person_affiliations (
	person_id TEXT    NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	position  INTEGER NOT NULL,
	org       TEXT    NOT NULL,
	role      TEXT    NOT NULL,
	started   TEXT    NOT NULL, -- as the source writes it; '' unknown
	ended     TEXT    NOT NULL,
	current   INTEGER NOT NULL,
	PRIMARY KEY (person_id, position)
) STRICT, WITHOUT ROWID;

-- A person's p(doom) claims in the source's order (the first is the one the
-- board counts), in percent; low = high for a single value. source is the
-- claim's bot.Source as a JSON object.
CREATE TABLE pdoom_claims (
	person_id   TEXT    NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	low         REAL    NOT NULL CHECK (low >= 0 AND low <= high),
	high        REAL    NOT NULL CHECK (high <= 100),
	definition  TEXT    NOT NULL,
	date        TEXT    NOT NULL, -- YYYY[-MM[-DD]]; '' unknown
	source      TEXT    NOT NULL CHECK (json_valid(source)),
	source_time TEXT    NOT NULL,
	recorded_at TEXT    NOT NULL,
	PRIMARY KEY (person_id, position)
) STRICT, WITHOUT ROWID;

-- The single p(doom) of 0001 becomes a claim whose source title is the old
-- free-text source.
INSERT INTO pdoom_claims (person_id, position, low, high, definition, date, source, source_time, recorded_at)
	SELECT id, 0, pdoom_percent, pdoom_percent, '', '',
		CASE WHEN pdoom_source = '' THEN '{}' ELSE json_object('title', pdoom_source) END, '', recorded_at
	FROM people WHERE pdoom_percent IS NOT NULL;
ALTER TABLE people DROP COLUMN pdoom_percent;
ALTER TABLE people DROP COLUMN pdoom_source;

-- Forecasts of milestones; year 0 when a range (range_from, range_to) or
-- nothing is given; probability in percent, 0 when not stated.
CREATE TABLE timeline_claims (
	person_id   TEXT    NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	milestone   TEXT    NOT NULL,
	year        INTEGER NOT NULL,
	range_from  INTEGER NOT NULL,
	range_to    INTEGER NOT NULL,
	probability REAL    NOT NULL,
	date        TEXT    NOT NULL,
	source      TEXT    NOT NULL CHECK (json_valid(source)),
	PRIMARY KEY (person_id, position)
) STRICT, WITHOUT ROWID;

-- The board's canonical strategies and their declared relations; a tag
-- links to one through strategies.canonical_id. Relations name canonical
-- ids that may not (yet) be in the table.
CREATE TABLE canonical_strategies (
	id          TEXT    NOT NULL PRIMARY KEY,
	name        TEXT    NOT NULL,
	bet         TEXT    NOT NULL,
	mechanism   TEXT    NOT NULL,
	recorded_at TEXT    NOT NULL,
	seq         INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE canonical_relations (
	canonical_id TEXT    NOT NULL REFERENCES canonical_strategies (id) ON DELETE CASCADE,
	relation     TEXT    NOT NULL CHECK (relation IN ('conflicts', 'complements')),
	position     INTEGER NOT NULL,
	other_id     TEXT    NOT NULL,
	PRIMARY KEY (canonical_id, relation, position)
) STRICT, WITHOUT ROWID;

ALTER TABLE strategies ADD COLUMN canonical_id TEXT NOT NULL DEFAULT '';

-- source: the source a stance or quote was imported from ('' a curated
-- dataset); position: its place among the person's positions at the
-- source; retracted_seq: the changes.seq that retracted it, 0 while it is
-- current. Every current read filters on retracted_seq = 0.
ALTER TABLE stances ADD COLUMN tentative     INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stances ADD COLUMN position      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stances ADD COLUMN source        TEXT    NOT NULL DEFAULT '';
ALTER TABLE stances ADD COLUMN source_time   TEXT    NOT NULL DEFAULT '';
ALTER TABLE stances ADD COLUMN retracted_seq INTEGER NOT NULL DEFAULT 0;

-- said_*: the quote's own date when the source gives one apart from the
-- source's (0 unknown); the video columns locate it in a video.
ALTER TABLE quotes ADD COLUMN said_year      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quotes ADD COLUMN said_month     INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quotes ADD COLUMN said_day       INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quotes ADD COLUMN archive_url    TEXT    NOT NULL DEFAULT '';
ALTER TABLE quotes ADD COLUMN video_id       TEXT    NOT NULL DEFAULT '';
ALTER TABLE quotes ADD COLUMN video_platform TEXT    NOT NULL DEFAULT '';
ALTER TABLE quotes ADD COLUMN start_seconds  INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quotes ADD COLUMN end_seconds    INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quotes ADD COLUMN source         TEXT    NOT NULL DEFAULT '';
ALTER TABLE quotes ADD COLUMN source_time    TEXT    NOT NULL DEFAULT '';
ALTER TABLE quotes ADD COLUMN retracted_seq  INTEGER NOT NULL DEFAULT 0;

-- Co-endorsements are now counted from the report table in Go (stated,
-- current stances only, in the source's order); the derived table and the
-- index that fed it go.
DROP TABLE co_endorsements;
DROP INDEX stances_endorsed;

-- The aggregates a source page printed about a strategy, as it printed
-- them: body is the bot.StatedAggregates as a JSON object. Read whole,
-- never queried into.
CREATE TABLE stated_aggregates (
	strategy_id TEXT    NOT NULL PRIMARY KEY REFERENCES strategies (id),
	source      TEXT    NOT NULL,
	body        TEXT    NOT NULL CHECK (json_valid(body)),
	recorded_at TEXT    NOT NULL,
	seq         INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- The source revision whose import recorded the change ('' for a curated
-- import): a retraction's says at which revision the source dropped it.
ALTER TABLE changes ADD COLUMN revision TEXT NOT NULL DEFAULT '';
