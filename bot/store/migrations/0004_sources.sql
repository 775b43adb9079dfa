-- 0004: the sources that imports follow (the board's git repository): what
-- was last imported from each, so that an import can say what changed since
-- and a follower imports only when the source moved on. Timestamps are UTC
-- text as in 0001; '' is none.

CREATE TABLE source (
	name        TEXT NOT NULL PRIMARY KEY, -- "atlas", or the --name given
	kind        TEXT NOT NULL,             -- "atlas"
	url         TEXT NOT NULL,             -- the URL or local path imported from
	branch      TEXT NOT NULL,             -- the branch followed; '' for a local repository
	commit_id   TEXT NOT NULL,             -- the commit last imported (full hex id)
	commit_time TEXT NOT NULL,             -- its committer time
	imported_at TEXT NOT NULL              -- when it was imported into this store
) STRICT, WITHOUT ROWID;
