package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SourceRecord is what was last imported from a followed source (the
// board's git repository): where it is, and the commit imported.
type SourceRecord struct {
	Name       string // "atlas", or the name given at import
	Kind       string // "atlas"
	URL        string // the URL or local path imported from
	Branch     string // the branch followed; "" for a local repository
	CommitID   string // full hex id of the commit last imported
	CommitTime time.Time
	ImportedAt time.Time // set by RecordSource
}

// Source returns the record of the named source; ok is false when nothing
// was ever imported from it.
func (db *DB) Source(ctx context.Context, name string) (rec SourceRecord, ok bool, err error) {
	err = db.Read(ctx, func(tx *sql.Tx) error {
		var commitTime, importedAt string
		row := tx.QueryRowContext(ctx, `SELECT name, kind, url, branch, commit_id, commit_time, imported_at
			FROM source WHERE name = ?`, name)
		switch found, err := scanOne(row, &rec.Name, &rec.Kind, &rec.URL, &rec.Branch, &rec.CommitID, &commitTime, &importedAt); {
		case err != nil:
			return err
		case !found:
			return nil
		}
		if err := parseTimes(storedTime{&rec.CommitTime, commitTime}, storedTime{&rec.ImportedAt, importedAt}); err != nil {
			return err
		}
		ok = true
		return nil
	})
	if err != nil {
		return SourceRecord{}, false, fmt.Errorf("read source %s: %w", name, err)
	}
	return rec, ok, nil
}

// RecordSource records that rec.CommitID of the source was imported now,
// replacing what was recorded for rec.Name.
func (db *DB) RecordSource(ctx context.Context, rec SourceRecord) error {
	err := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO source (name, kind, url, branch, commit_id, commit_time, imported_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url, branch = excluded.branch,
				commit_id = excluded.commit_id, commit_time = excluded.commit_time, imported_at = excluded.imported_at`,
			rec.Name, rec.Kind, rec.URL, rec.Branch, rec.CommitID, formatTime(rec.CommitTime), formatTime(db.now()))
		return err
	})
	if err != nil {
		return fmt.Errorf("record source %s: %w", rec.Name, err)
	}
	return nil
}
