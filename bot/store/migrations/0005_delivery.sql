-- 0005 (delivery): exactly-once digests. Each digest in the outbox is split
-- into the platform messages it takes; each message is marked when its post
-- begins and when the platform confirmed it, so that a post whose outcome
-- was lost is checked on the platform rather than made again. A
-- subscription whose channel refuses the bot for good is paused, with why.
-- The ids of Slack events already answered are kept for Slack's retry window.
-- Timestamps are UTC text as in 0001; '' is none.

CREATE TABLE digest_message (
	platform     TEXT    NOT NULL,
	channel_id   TEXT    NOT NULL,
	date         TEXT    NOT NULL,
	part         INTEGER NOT NULL,  -- 0-based order of the message in its digest
	key          TEXT    NOT NULL,  -- the idempotency key the platform sees (nonce, metadata)
	payload      BLOB    NOT NULL,  -- the platform message, as the adapter split it
	attempted_at TEXT    NOT NULL,  -- '' until a post began; then its first beginning
	posted_at    TEXT    NOT NULL,  -- '' until the platform confirmed the post
	PRIMARY KEY (platform, channel_id, date, part),
	FOREIGN KEY (platform, channel_id, date)
		REFERENCES digest_outbox (platform, channel_id, date) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- When delivery of an unsent digest was last begun: unsent digests are tried
-- least recently tried first, so one channel that keeps failing (or a run
-- that keeps dying) does not hold up the others.
ALTER TABLE digest_outbox ADD COLUMN attempted_at TEXT NOT NULL DEFAULT '';

-- A paused subscription gets no digest until /digest subscribe resumes it.
ALTER TABLE digest_subscription ADD COLUMN paused_at TEXT NOT NULL DEFAULT '';
ALTER TABLE digest_subscription ADD COLUMN paused_reason TEXT NOT NULL DEFAULT '';

CREATE TABLE seen_event (
	platform TEXT NOT NULL,
	id       TEXT NOT NULL,
	seen_at  TEXT NOT NULL,
	PRIMARY KEY (platform, id)
) STRICT, WITHOUT ROWID;

CREATE INDEX seen_event_age ON seen_event (seen_at);
