-- 0002: daily digests (package digest). Channel subscriptions, the outbox of
-- digests (one row per channel and digest date, written before sending and
-- marked sent after) and the lease of the one instance that sends them.
-- Timestamps are UTC text as in 0001; '' is none.

CREATE TABLE digest_subscription (
	platform   TEXT    NOT NULL,
	channel_id TEXT    NOT NULL,
	at         TEXT    NOT NULL,  -- HH:MM, wall-clock time in zone
	zone       TEXT    NOT NULL,  -- IANA time zone name
	strategies TEXT    NOT NULL CHECK (json_valid(strategies)), -- JSON array of ids; []: all
	watermark  INTEGER NOT NULL,  -- changes.seq covered by the last sent digest
	created_at TEXT    NOT NULL,
	updated_at TEXT    NOT NULL,
	PRIMARY KEY (platform, channel_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE digest_outbox (
	platform   TEXT    NOT NULL,
	channel_id TEXT    NOT NULL,
	date       TEXT    NOT NULL,  -- YYYY-MM-DD in the subscription's zone
	from_seq   INTEGER NOT NULL,  -- the digest covers changes.seq in (from_seq, to_seq]
	to_seq     INTEGER NOT NULL,
	reply      BLOB,              -- the bot.Reply as JSON; NULL: nothing to post
	created_at TEXT    NOT NULL,
	sent_at    TEXT    NOT NULL,  -- '' until the platform confirmed the post
	PRIMARY KEY (platform, channel_id, date),
	FOREIGN KEY (platform, channel_id)
		REFERENCES digest_subscription (platform, channel_id) ON DELETE CASCADE,
	CHECK (from_seq <= to_seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX digest_outbox_unsent ON digest_outbox (created_at) WHERE sent_at = '';

CREATE TABLE digest_lease (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	holder     TEXT    NOT NULL,
	expires_at TEXT    NOT NULL
) STRICT;
