// Package testenv is what tests across stancebot share: a quiet logger, a
// fixed clock, a clock the test moves, and temporary files. It imports no
// stancebot package, so that the tests of every package (bot/store and index
// included) can use it; the real store, index and bot over the embedded
// dataset are in its subpackage realdata. It is for tests only.
package testenv

import (
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Epoch is the time of the fixed clock: 2026-11-22 09:00 UTC.
var Epoch = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

// Now is the fixed clock: it always returns Epoch.
func Now() time.Time { return Epoch }

// Logger returns a logger that writes nothing.
func Logger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// Clock is a clock the test moves; it is safe for concurrent use.
type Clock struct {
	mu   sync.Mutex
	now  time.Time
	step time.Duration
}

// NewClock returns a clock at start that every reading first moves forward
// by step (0: it stays where the test sets it).
func NewClock(start time.Time, step time.Duration) *Clock {
	return &Clock{now: start, step: step}
}

// Now moves the clock by its step and returns its time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(c.step)
	return c.now
}

// Add moves the clock forward by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// After waits d in real time, whatever the clock says: with Now, it makes
// the clock a digest scheduler's (digest.Clock).
func (c *Clock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// File writes content to a file named name in a temporary directory,
// removed when the test ends, and returns its path.
func File(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
