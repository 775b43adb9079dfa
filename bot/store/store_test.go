package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stancebot/stancebot/internal/testenv"
)

func TestTimeRoundTrip(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(2026, 11, 21, 9, 0, 1, 0, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2024, 2, 29, 12, 0, 0, 1, time.FixedZone("x", 3600)),
	} {
		s := formatTime(tm)
		got, err := parseTime(s)
		if err != nil || !got.Equal(tm) || got.Location() != time.UTC {
			t.Errorf("parseTime(formatTime(%v)) = %v, %v", tm, got, err)
		}
	}
	if s := formatTime(time.Time{}); s != "" {
		t.Errorf("formatTime(zero) = %q, want \"\"", s)
	}
	if got, err := parseTime(""); err != nil || !got.IsZero() {
		t.Errorf("parseTime(\"\") = %v, %v", got, err)
	}
	for _, bad := range []string{"2024-02-30T00:00:00.000000000Z", "2024-13-01T00:00:00.000000000Z", "yesterday"} {
		if _, err := parseTime(bad); err == nil {
			t.Errorf("parseTime(%q) accepted", bad)
		}
	}
}

// FuzzParseTime checks the fast path against time.Parse.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-11-21T09:00:01.000000000Z", "2024-02-29T23:59:59.999999999Z",
		"2023-02-29T00:00:00.000000000Z", "2024-02-29T24:00:00.000000000Z", "2024-0a-29T00:00:00.000000000Z", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := parseFixedTime(s)
		slow, err := time.Parse(timeLayout, s)
		if ok && (err != nil || !fast.Equal(slow)) {
			t.Errorf("parseFixedTime(%q) = %v, time.Parse = %v, %v", s, fast, slow, err)
		}
		if ok && !fast.IsZero() && formatTime(fast) != s {
			t.Errorf("parseFixedTime(%q) accepted a non-canonical time", s)
		}
	})
}

func TestOpenPaths(t *testing.T) {
	ctx := context.Background()
	for _, bad := range []string{"", ":memory:"} {
		if db, err := Open(ctx, bad, Options{Logger: testenv.Logger()}); err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded, want an error", bad)
		}
	}
	// Characters that are special in an SQLite URI are escaped.
	dir := filepath.Join(t.TempDir(), "odd dir?#%41")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "store.db")
	db, err := Open(ctx, path, Options{Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, db, smallDataset())
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the database is not at %s: %v", path, err)
	}
}

func TestWriteRollsBackOnError(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	boom := errors.New("boom")
	err := db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO board (id, name, profiled_total) VALUES (1, 'b', 1)`); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("Write = %v, want fn's error", err)
	}
	var n int
	err = db.Read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM board`).Scan(&n)
	})
	if err != nil || n != 0 {
		t.Errorf("board rows after a failed write = %d, %v", n, err)
	}
	if now := db.Now(); now.IsZero() {
		t.Error("Now returned the zero time")
	}
}

func TestWriteRollsBackOnPanic(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	func() {
		defer func() {
			if p := recover(); p != "boom" {
				t.Errorf("recovered %v, want the panic to go on", p)
			}
		}()
		_ = db.Write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO board (id, name, profiled_total) VALUES (1, 'b', 1)`); err != nil {
				return err
			}
			panic("boom")
		})
	}()
	// The single writer connection must be free again, and nothing written.
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.Write(wctx, func(tx *sql.Tx) error { return nil }); err != nil {
		t.Fatalf("Write after a panicking Write: %v", err)
	}
	var n int
	if err := db.Read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM board`).Scan(&n)
	}); err != nil || n != 0 {
		t.Errorf("board rows after a panicking write = %d, %v", n, err)
	}
}
