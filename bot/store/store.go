// Package store is stancebot's SQLite store (modernc.org/sqlite, no cgo): the
// source of truth for strategies, people, stances, quotes and stories, and the
// change log the quote index and the daily digests read. *DB implements
// bot.Store.
//
// One database file, in WAL mode: a single writer connection (every write is
// one IMMEDIATE transaction) and a small pool of read-only connections, so
// readers never wait for the writer. The schema is a series of embedded,
// numbered migrations (migrations/NNNN_name.sql) applied by Open.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stancebot/stancebot/bot"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Options configures Open. The zero value is usable.
type Options struct {
	// Now is the clock for recorded_at; nil means time.Now.
	Now func() time.Time
	// Logger receives migration and import notes; nil means slog.Default().
	Logger *slog.Logger
	// ReadConns is the size of the read pool; 0 means 4.
	ReadConns int
}

// DB is an open store. It is safe for concurrent use.
type DB struct {
	w     *sql.DB // the single writer connection
	r     *sql.DB // the read-only pool
	now   func() time.Time
	log   *slog.Logger
	reads *readStmts

	cat     atomic.Pointer[catalog] // the latest catalog read (see catalogAt)
	catLoad sync.Mutex              // held while a catalog is read
}

var _ bot.Store = (*DB)(nil)

// busyTimeoutMS is how long a connection waits for a lock held by another
// connection or process before failing with SQLITE_BUSY.
const busyTimeoutMS = 5000

// Open opens (creating if needed) the store at path and migrates its schema
// to the latest version this binary knows. A database whose schema is newer
// than that is refused.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	db, err := openWriter(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := db.openReaders(ctx, path, opts.ReadConns); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return db, nil
}

// openWriter returns a DB with only its writer connection, not migrated.
func openWriter(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" || path == ":memory:" {
		// Each connection of the pool would get a database of its own.
		return nil, fmt.Errorf("open store %q: a file path is required", path)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	w, err := sql.Open("sqlite", writerDSN(path))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	// The first connection switches the file to WAL before any reader opens.
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return &DB{w: w, now: opts.Now, log: opts.Logger}, nil
}

// openReaders opens the read pool (n connections, 0 means 4) and prepares
// the read statements on it.
func (db *DB) openReaders(ctx context.Context, path string, n int) error {
	if n <= 0 {
		n = 4
	}
	r, err := sql.Open("sqlite", readerDSN(path))
	if err != nil {
		return err
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	r.SetConnMaxLifetime(0)
	r.SetConnMaxIdleTime(0)
	db.r = r
	db.reads, err = prepareReads(ctx, r)
	return err
}

// Close closes the store's connections.
func (db *DB) Close() error {
	var errs []error
	if db.reads != nil {
		errs = append(errs, db.reads.close())
	}
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	errs = append(errs, db.w.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Now returns the store's clock reading, the time new rows are recorded at.
func (db *DB) Now() time.Time { return db.now() }

// Write runs fn in one IMMEDIATE write transaction on the writer connection,
// committing when fn returns nil and rolling back otherwise; fn's error is
// returned as is. Packages that own extra tables in this database (digest)
// write them through it; the tables of this package change only through
// Import, and the community's (proposals, disputes, audit) through the
// Community methods, which import what they record (the reports rely on
// every change advancing the Version). fn must
// not call Write itself. If fn panics, the transaction is rolled back (so
// the single writer connection is not left inside it) and the panic goes on.
func (db *DB) Write(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin write: %w", err)
	}
	committed := false
	defer func() {
		if committed {
			return
		}
		if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			db.log.Error("store: rollback failed", "err", rerr)
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	committed = true
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit write: %w", err)
	}
	return nil
}

// Read runs fn in one read-only transaction from the read pool: a consistent
// snapshot that never waits for the writer. fn's error is returned as is.
func (db *DB) Read(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	// A read-only snapshot has nothing to commit: ending it is all there is.
	defer func() { _ = tx.Rollback() }()
	return fn(tx)
}

// writerDSN is the DSN of the writer: WAL, a busy timeout, foreign keys and
// BEGIN IMMEDIATE for every transaction, so that a write never fails midway
// on a lock upgrade.
func writerDSN(path string) string {
	return "file:" + uriPath(path) + "?" + strings.Join([]string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeoutMS),
		"_pragma=journal_mode(WAL)",
		"_pragma=synchronous(NORMAL)",
		"_pragma=foreign_keys(1)",
		"_txlock=immediate",
	}, "&")
}

// readerDSN is the DSN of a read-pool connection: query-only. The database
// file is not mapped (mmap_size): mapping it cut a /quote card window's
// CPU by a fifth at 100k quotes, but put every page read (the catalog reads
// every person) in the bot's resident memory: 880 MiB at 1M quotes.
func readerDSN(path string) string {
	return "file:" + uriPath(path) + "?" + strings.Join([]string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeoutMS),
		"_pragma=foreign_keys(1)",
		"_pragma=query_only(1)",
	}, "&")
}

// uriPath escapes the characters that are special in an SQLite URI filename.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// timeLayout stores timestamps as fixed-width UTC text, which sorts as time.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// formatTime renders t for storage; the zero time is "".
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// FormatTime renders t as the store keeps timestamps, for the packages that
// keep tables of their own in it (digest).
func FormatTime(t time.Time) string { return formatTime(t) }

// ParseTime reads a timestamp as the store keeps it.
func ParseTime(s string) (time.Time, error) { return parseTime(s) }

// parseTime reads a stored timestamp; "" is the zero time. The reports parse
// one per row, so the fixed layout is read directly, with time.Parse only as
// the fallback that reports what is wrong.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, ok := parseFixedTime(s); ok {
		return t, nil
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}

// storedTime is the text of a stored time and where parseTimes puts it.
type storedTime struct {
	into *time.Time
	s    string
}

// parseTimes parses each stored time into its place.
func parseTimes(ts ...storedTime) error {
	for _, t := range ts {
		var err error
		if *t.into, err = parseTime(t.s); err != nil {
			return err
		}
	}
	return nil
}

// parseFixedTime reads exactly timeLayout ("2006-01-02T15:04:05.000000000Z").
func parseFixedTime(s string) (time.Time, bool) {
	if len(s) != len(timeLayout) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
		s[16] != ':' || s[19] != '.' || s[29] != 'Z' {
		return time.Time{}, false
	}
	num := func(from, to int) (int, bool) {
		n := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	var v [7]int
	for i, r := range [7][2]int{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}, {20, 29}} {
		n, ok := num(r[0], r[1])
		if !ok {
			return time.Time{}, false
		}
		v[i] = n
	}
	t := time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], v[6], time.UTC)
	// time.Date normalises out-of-range fields; a stored time never has any.
	if t.Month() != time.Month(v[1]) || t.Day() != v[2] || t.Hour() != v[3] || t.Minute() != v[4] || t.Second() != v[5] {
		return time.Time{}, false
	}
	return t, true
}
