package store

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv"
)

// olderDatabase returns the path of a database an older binary left, one
// that knew only the migrations migs: migrated through them, with the rows
// stmts write.
func olderDatabase(t *testing.T, migs []migration, stmts ...string) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "store.db")
	old, err := openWriter(ctx, path, Options{Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := old.migrate(ctx, migs); err != nil || n != len(migs) {
		t.Fatalf("old migrate = %d, %v; want %d", n, err, len(migs))
	}
	for _, q := range stmts {
		if _, err := old.w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// openAfterOlder returns the store opened (and so migrated) on a database
// an older binary left: migrated up to migration name (not included), with
// the rows stmts write.
func openAfterOlder(t *testing.T, name string, stmts ...string) *DB {
	t.Helper()
	migs := embeddedMigrations(t)
	at := slices.IndexFunc(migs, func(m migration) bool { return m.Name == name })
	if at < 0 {
		t.Fatalf("no migration %s", name)
	}
	path := olderDatabase(t, migs[:at], stmts...)
	db, err := Open(context.Background(), path, Options{Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func embeddedMigrations(t *testing.T) []migration {
	t.Helper()
	migs, err := loadMigrations(migrationFiles, "migrations")
	if err != nil {
		t.Fatalf("embedded migrations: %v", err)
	}
	if len(migs) == 0 || migs[0].Name != "0001_init.sql" {
		t.Fatalf("embedded migrations start with %v, want 0001_init.sql", migs)
	}
	return migs
}

func tableExists(t *testing.T, db *DB, name string) bool {
	t.Helper()
	var n int
	err := db.w.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, name).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func TestOpenMigratesEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(embeddedMigrations(t)); v != want {
		t.Errorf("SchemaVersion = %d, want %d", v, want)
	}
	for _, table := range []string{"board", "strategies", "strategy_aliases", "people", "person_aliases",
		"stances", "quotes", "stories", "story_sections", "story_replies", "changes", "person_affiliations",
		"pdoom_claims", "timeline_claims", "canonical_strategies", "canonical_relations", "stated_aggregates"} {
		if !tableExists(t, db, table) {
			t.Errorf("table %s missing", table)
		}
	}
	var mode string
	if err := db.w.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
	var fk int
	if err := db.r.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("reader foreign_keys = %d (%v), want 1", fk, err)
	}
	if _, err := db.r.Exec(`INSERT INTO board (id, name, profiled_total) VALUES (1, 'x', 1)`); err == nil {
		t.Error("a read-pool connection accepted a write")
	}
}

func TestReopenAppliesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "store.db")
	db, err := Open(ctx, path, Options{Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, db, smallDataset())
	want := mustExport(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(ctx, path, Options{Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil || applied != 0 {
		t.Errorf("Migrate on an up-to-date database = %d, %v; want 0, nil", applied, err)
	}
	if got := mustExport(t, db); !datasetsEqual(got, want) {
		t.Error("reopened store exports a different dataset")
	}
}

func TestOpenUpgradesOlderDatabase(t *testing.T) {
	ctx := context.Background()
	migs := embeddedMigrations(t)
	// A database created by an older binary that knew all but the last migration.
	path := olderDatabase(t, migs[:len(migs)-1])

	db, err := openWriter(ctx, path, Options{Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil || n != 1 {
		t.Fatalf("Migrate on an older database = %d, %v; want 1, nil", n, err)
	}
	if v, _ := db.SchemaVersion(ctx); v != len(migs) {
		t.Errorf("SchemaVersion = %d, want %d", v, len(migs))
	}
}

// TestMigrateStepsKeepData walks a database through synthetic migrations:
// data written at version 1 survives steps 2 and 3, a failing step rolls
// back entirely, and a database newer than the binary is refused.
func TestMigrateStepsKeepData(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{
		"m/0001_init.sql":   {Data: []byte(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL);`)},
		"m/0002_column.sql": {Data: []byte(`ALTER TABLE t ADD COLUMN note TEXT NOT NULL DEFAULT 'n'; CREATE INDEX t_note ON t (note);`)},
		"m/0003_broken.sql": {Data: []byte(`CREATE TABLE u (x INTEGER); INSERT INTO nowhere VALUES (1);`)},
		"m/README.md":       {Data: []byte("not a migration")},
	}
	migs, err := loadMigrations(fsys, "m")
	if err != nil {
		t.Fatal(err)
	}
	if len(migs) != 3 {
		t.Fatalf("loaded %d migrations, want 3", len(migs))
	}
	db, err := openWriter(ctx, filepath.Join(t.TempDir(), "m.db"), Options{Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	if n, err := db.migrate(ctx, migs[:1]); err != nil || n != 1 {
		t.Fatalf("migrate to 1 = %d, %v", n, err)
	}
	if _, err := db.w.Exec(`INSERT INTO t (name) VALUES ('kept')`); err != nil {
		t.Fatal(err)
	}
	if n, err := db.migrate(ctx, migs[:2]); err != nil || n != 1 {
		t.Fatalf("migrate to 2 = %d, %v", n, err)
	}
	var name, note string
	if err := db.w.QueryRow(`SELECT name, note FROM t`).Scan(&name, &note); err != nil || name != "kept" || note != "n" {
		t.Errorf("row after step 2 = %q, %q, %v", name, note, err)
	}

	if _, err := db.migrate(ctx, migs); err == nil || !strings.Contains(err.Error(), "0003_broken.sql") {
		t.Errorf("broken step: err = %v, want one naming 0003_broken.sql", err)
	}
	if v, _ := db.SchemaVersion(ctx); v != 2 {
		t.Errorf("version after a failed step = %d, want 2", v)
	}
	if tableExists(t, db, "u") {
		t.Error("the failed step's first statement was kept")
	}

	_, err = db.migrate(ctx, migs[:1])
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("database at 2, binary knows 1: err = %v, want a 'newer' error", err)
	}
}

func TestOpenRefusesNewerDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "store.db")
	db, err := Open(ctx, path, Options{Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec(`PRAGMA user_version = 999`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(ctx, path, Options{Logger: testenv.Logger()})
	if err == nil || !strings.Contains(err.Error(), "newer") || !strings.Contains(err.Error(), "999") {
		t.Errorf("Open of a version-999 database: err = %v, want a clear 'newer' error", err)
	}
}

func TestLoadMigrationsChecksNumbering(t *testing.T) {
	ok := []byte("SELECT 1;")
	for name, fsys := range map[string]fstest.MapFS{
		"gap":         {"m/0001_a.sql": {Data: ok}, "m/0003_c.sql": {Data: ok}},
		"duplicate":   {"m/0001_a.sql": {Data: ok}, "m/0001_b.sql": {Data: ok}},
		"not at 1":    {"m/0002_b.sql": {Data: ok}},
		"bad name":    {"m/0001_a.sql": {Data: ok}, "m/2_b.sql": {Data: ok}},
		"upper case":  {"m/0001_Init.sql": {Data: ok}},
		"missing dir": {"other/0001_a.sql": {Data: ok}},
	} {
		if migs, err := loadMigrations(fsys, "m"); err == nil {
			t.Errorf("%s: loaded %v, want an error", name, migs)
		}
	}
}

// TestMigrationIndexesDisputesSince: 0010 indexes the disputes a person
// opened by when, keeping the disputes recorded before it, and
// DisputesSince's count is planned on that index, not a scan.
func TestMigrationIndexesDisputesSince(t *testing.T) {
	ctx := context.Background()
	// What an older binary recorded: three disputes of one quote, by two
	// people, one of them before the day counted.
	const ts = "2026-11-01T00:00:00.000000000Z"
	db := openAfterOlder(t, "0010_disputes_since.sql",
		`INSERT INTO strategies (id, name, summary, recorded_at, seq) VALUES ('s', 'S', '', '`+ts+`', 1)`,
		`INSERT INTO people (id, name, role, expertise, recognition, vintage, profiled, recorded_at, seq)
			VALUES ('a', 'A', '', '', '', '', 0, '`+ts+`', 1)`,
		`INSERT INTO quotes (strategy_id, person_id, id, text, fidelity, source_type, source_title, publisher,
			date_year, date_month, date_day, url, context, recorded_at, seq)
			VALUES ('s', 'a', 'q1', 'Words.', 'direct quote', '', '', '', 0, 0, 0, '', '', '`+ts+`', 1)`,
		`INSERT INTO disputes (quote_id, status, reason, platform, user_id, channel_id, opened_at, resolved_by,
			resolved_at, resolution, new_quote_id) VALUES
			('q1', 'dismissed', 'r', 'discord', 'u1', 'C1', '2026-11-20T09:00:00.000000000Z', 'discord:m1', '`+ts+`', '', ''),
			('q1', 'open', 'r', 'discord', 'u1', 'C1', '2026-11-21T09:00:00.000000000Z', '', '', '', ''),
			('q1', 'dismissed', 'r', 'discord', 'u2', 'C1', '2026-11-21T09:30:00.000000000Z', 'discord:m1', '`+ts+`', '', '')`,
	)
	since := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		by   bot.Actor
		want int
	}{
		{bot.Actor{Platform: bot.PlatformDiscord, UserID: "u1"}, 1},
		{bot.Actor{Platform: bot.PlatformDiscord, UserID: "u2"}, 1},
		{bot.Actor{Platform: bot.PlatformSlack, UserID: "u1"}, 0},
	} {
		if n, err := db.DisputesSince(ctx, tc.by, since); err != nil || n != tc.want {
			t.Errorf("DisputesSince(%s) = %d, %v; want %d", tc.by, n, err, tc.want)
		}
	}
	plan := queryPlan(t, db, disputesSinceQuery, "discord", "u1", formatTime(since))
	if !strings.Contains(plan, "INDEX disputes_user") || strings.Contains(plan, "SCAN") {
		t.Errorf("plan of DisputesSince: %s; want a search of the index disputes_user", plan)
	}
}
