package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
)

// migrationFiles holds the schema: migrations/NNNN_name.sql, numbered from
// 0001 without gaps. Adding a table is adding the next file; nothing else.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema step.
type migration struct {
	Version int
	Name    string // file name, for messages
	SQL     string
}

var migrationName = regexp.MustCompile(`^(\d{4})_[a-z0-9_]+\.sql$`)

// loadMigrations reads every *.sql file in dir of fsys, checks that they are
// numbered 1..N without gaps or duplicates, and returns them in order.
func loadMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var migs []migration
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", e.Name())
		}
		v, _ := strconv.Atoi(m[1]) // four digits by the pattern
		body, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		migs = append(migs, migration{Version: v, Name: e.Name(), SQL: string(body)})
	}
	sort.Slice(migs, func(i, j int) bool { return migs[i].Version < migs[j].Version })
	for i, m := range migs {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %04d (numbers start at 0001, without gaps or duplicates)", m.Name, i+1)
		}
	}
	return migs, nil
}

// Migrate applies the embedded migrations the database does not have yet,
// each in its own transaction, and returns how many it applied. Open calls
// it; calling it again applies nothing.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	migs, err := loadMigrations(migrationFiles, "migrations")
	if err != nil {
		return 0, err
	}
	return db.migrate(ctx, migs)
}

// migrate brings the database to the last of migs; a database already past
// it is refused. Each step runs in one IMMEDIATE transaction that re-reads
// the version first, so two processes opening the same file cannot apply a
// step twice.
func (db *DB) migrate(ctx context.Context, migs []migration) (int, error) {
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return 0, err
	}
	if v > len(migs) {
		return 0, fmt.Errorf("migrate: database schema version %d is newer than this program knows (%d): use a newer stancebot", v, len(migs))
	}
	applied := 0
	for _, m := range migs[v:] {
		done := false
		err := db.Write(ctx, func(tx *sql.Tx) error {
			v, err := userVersion(ctx, tx)
			if err != nil {
				return err
			}
			if v >= m.Version {
				done = true // another process applied it meanwhile
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			// PRAGMA takes no parameters; m.Version is an int.
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.Version)); err != nil {
				return fmt.Errorf("migration %s: record version: %w", m.Name, err)
			}
			return nil
		})
		if err != nil {
			return applied, fmt.Errorf("migrate: %w", err)
		}
		if !done {
			applied++
			db.log.Info("store: applied migration", "migration", m.Name, "version", m.Version)
		}
	}
	return applied, nil
}

// SchemaVersion returns the number of the last migration applied to the
// database (0 for an empty one).
func (db *DB) SchemaVersion(ctx context.Context) (int, error) { return userVersion(ctx, db.w) }

// userVersion reads the schema version on the writer or inside a transaction.
func userVersion(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}) (int, error) {
	var v int
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}
