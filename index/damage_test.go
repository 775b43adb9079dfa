package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv"
)

// damages are what a broken disk does to a segment of the index.
var damages = []struct {
	name   string
	damage func(data []byte) []byte
}{
	{"cut in half", func(b []byte) []byte { return b[:len(b)/2] }},
	{"garbage bytes", func(b []byte) []byte {
		out := append([]byte(nil), b...)
		for i := len(out) / 3; i < len(out)/3+64 && i < len(out); i++ {
			out[i] = byte(i*7 + 13)
		}
		return out
	}},
	{"zeroed", func(b []byte) []byte { return make([]byte, len(b)) }},
	{"empty", func([]byte) []byte { return nil }},
}

// TestDamagedSegmentIsRebuilt: a .zap segment cut, garbled or zeroed never
// panics Open and never leaves search silently empty: the index is rebuilt
// from the store, in the foreground and in the background.
func TestDamagedSegmentIsRebuilt(t *testing.T) {
	for _, background := range []bool{false, true} {
		for _, d := range damages {
			t.Run(d.name+map[bool]string{false: "", true: " (background)"}[background], func(t *testing.T) {
				st, x, dir := openFixture(t)
				if err := x.Close(); err != nil {
					t.Fatal(err)
				}
				segs, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
				if err != nil || len(segs) == 0 {
					t.Fatalf("no segment in %s (%v)", dir, err)
				}
				for _, seg := range segs {
					data, err := os.ReadFile(seg)
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(seg, d.damage(data), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				ctx := context.Background()
				y, err := Open(ctx, dir, st, Options{Logger: testenv.Logger(), LockTimeout: defaultTestLockTimeout, Background: background})
				if err != nil {
					t.Fatalf("open a damaged index: %v", err)
				}
				t.Cleanup(func() { _ = y.Close() })
				wctx, cancel := context.WithTimeout(ctx, time.Minute)
				defer cancel()
				if err := y.WaitReady(wctx); err != nil {
					t.Fatal(err)
				}
				hits, err := y.Search(ctx, bot.QuoteQuery{Words: "public good"})
				if err != nil || len(hits.Hits) == 0 || personOf(t, st, hits.Hits[0].QuoteID) != "emad-mostaque" {
					t.Fatalf("search after rebuilding: %+v, %v", hits, err)
				}
			})
		}
	}
}

// heldStore is a store whose QuotesSince waits for release: a build that
// takes as long as a test needs.
type heldStore struct {
	bot.Store
	release chan struct{}
}

func (h heldStore) QuotesSince(ctx context.Context, after int64, limit int) ([]bot.SeqQuote, error) {
	select {
	case <-h.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return h.Store.QuotesSince(ctx, after, limit)
}

// TestBackgroundBuildAnswersMeanwhile: while the index is built in the
// background, a search says so instead of blocking or answering nothing.
func TestBackgroundBuildAnswersMeanwhile(t *testing.T) {
	st := heldStore{Store: openStore(t, fixture()), release: make(chan struct{})}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	x, err := Open(ctx, filepath.Join(t.TempDir(), "quotes.bleve"), st, Options{Logger: testenv.Logger(), Background: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	_, err = x.Search(ctx, bot.QuoteQuery{Words: "public good"})
	if x.Ready() || bot.ErrorCode(err) != bot.EINTERNAL || !strings.Contains(bot.ErrorMessage(err), "being rebuilt") {
		t.Errorf("search while building: ready %v, %v", x.Ready(), err)
	}
	if n, err := x.Sync(ctx); n != 0 || err != nil {
		t.Errorf("sync while building: %d, %v", n, err)
	}
	close(st.release)
	if err := x.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	if hits, err := x.Search(ctx, bot.QuoteQuery{Words: "public good"}); err != nil || len(hits.Hits) == 0 {
		t.Fatalf("search after the build: %+v, %v", hits, err)
	}
	if n, err := x.DocCount(); err != nil || n != uint64(len(fixture().Quotes)) {
		t.Errorf("doc count %d, %v", n, err)
	}
}

// TestCloseStopsABackgroundBuild: Close during a build returns, and leaves
// no index half built in place.
func TestCloseStopsABackgroundBuild(t *testing.T) {
	db := openStore(t, fixture())
	st := heldStore{Store: db, release: make(chan struct{})}
	dir := filepath.Join(t.TempDir(), "quotes.bleve")
	x, err := Open(context.Background(), dir, st, Options{Logger: testenv.Logger(), Background: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if err := x.WaitReady(context.Background()); err == nil {
		t.Error("a build stopped by Close reports no error")
	}
	y, err := Open(context.Background(), dir, db, Options{Logger: testenv.Logger(), LockTimeout: defaultTestLockTimeout})
	if err != nil {
		t.Fatal(err)
	}
	defer y.Close()
	if n, err := y.DocCount(); err != nil || n != uint64(len(fixture().Quotes)) {
		t.Errorf("doc count after reopening %d, %v", n, err)
	}
}
