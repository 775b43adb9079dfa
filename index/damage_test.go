package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv"
)

// damage is what a broken disk does to a file of the index; a nil damage
// removes the file.
type damage struct {
	name   string
	damage func(data []byte) []byte
}

// damages are what a broken disk does to a segment of the index.
var damages = []damage{
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

// TestDamagedIndexIsRebuilt: a .zap segment, the rank file or the
// vocabulary cut, garbled or zeroed, or the rank file or the vocabulary
// gone, never panics Open and never leaves search silently empty, nor typo
// correction silently gone: the index is rebuilt from the store, in the
// foreground and in the background. (Garbage amid the rank file is found
// when its record is read: TestDamagedRankRecordIsAnError.)
func TestDamagedIndexIsRebuilt(t *testing.T) {
	rankDamages := []damage{{"removed", nil}}
	for _, d := range damages {
		if d.name != "garbage bytes" { // found when read, not at Open
			rankDamages = append(rankDamages, d)
		}
	}
	targets := []struct {
		name, glob string
		damages    []damage
	}{
		{"segment", filepath.Join("store", "*.zap"), damages},
		{"rank file", rankFileName, rankDamages},
		{"vocabulary", vocabularyFileName, append([]damage{{"removed", nil}}, damages...)},
	}
	for _, background := range []bool{false, true} {
		for _, target := range targets {
			for _, d := range target.damages {
				t.Run(target.name+" "+d.name+map[bool]string{false: "", true: " (background)"}[background], func(t *testing.T) {
					st, x, dir := openFixture(t)
					if err := x.Close(); err != nil {
						t.Fatal(err)
					}
					files, err := filepath.Glob(filepath.Join(dir, target.glob))
					if err != nil || len(files) == 0 {
						t.Fatalf("no %s in %s (%v)", target.glob, dir, err)
					}
					for _, f := range files {
						if d.damage == nil {
							if err := os.Remove(f); err != nil {
								t.Fatal(err)
							}
							continue
						}
						data, err := os.ReadFile(f)
						if err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(f, d.damage(data), 0o644); err != nil {
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
					// Two typos, corrected from the vocabulary.
					hits, err := y.Search(ctx, bot.QuoteQuery{Words: "pubilc goood"})
					if err != nil || len(hits.Hits) == 0 || personOf(t, st, hits.Hits[0].QuoteID) != "emad-mostaque" {
						t.Fatalf("search after rebuilding: %+v, %v", hits, err)
					}
				})
			}
		}
	}
}

// TestDamagedRankRecordIsAnError: a search that reaches a quote whose
// record in the rank file is garbled fails, as one that reads a damaged
// stored field of bleve's does; it never ranks or highlights the quote
// from the garbage. (The garbled record is not the one Open probes: the
// fixture's first quote is Andrew Ng's.)
func TestDamagedRankRecordIsAnError(t *testing.T) {
	st, x, dir := openFixture(t)
	ctx := context.Background()
	hits, err := x.Search(ctx, bot.QuoteQuery{Words: "public good"})
	if err != nil || len(hits.Hits) == 0 || personOf(t, st, hits.Hits[0].QuoteID) != "emad-mostaque" {
		t.Fatalf("search: %+v, %v", hits, err)
	}
	at, _ := binary.Uvarint([]byte(rankPointer(t, x, hits.Hits[0].QuoteID)))
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	overwrite(t, filepath.Join(dir, rankFileName), int64(at)+6, "garbage")
	y, err := Open(ctx, dir, st, Options{Logger: testenv.Logger(), LockTimeout: defaultTestLockTimeout})
	if err != nil {
		t.Fatal(err)
	}
	defer y.Close()
	_, err = y.Search(ctx, bot.QuoteQuery{Words: "public good"})
	if !errors.Is(err, errRankRecord) {
		t.Errorf("search over a garbled record: %v, want %v", err, errRankRecord)
	}
}

// overwrite writes b into the file at path at offset at, as a broken disk
// would.
func overwrite(t *testing.T, path string, at int64, b string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err == nil {
		_, err = f.WriteAt([]byte(b), at)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}

// rankPointer returns the stored rank field of the quote id: its record's
// pointer.
func rankPointer(t *testing.T, x *Index, id string) string {
	t.Helper()
	req := bleve.NewSearchRequest(query.NewDocIDQuery([]string{id}))
	req.Fields = []string{fieldRank}
	res, err := x.bi.bleve.Search(req)
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("quote %s: %v, %v", id, res, err)
	}
	ptr, _ := res.Hits[0].Fields[fieldRank].(string)
	return ptr
}

// TestUnpointedRankRecordsAreHarmless: records appended that no indexed
// quote points to (a crash after a batch's records were written, before
// bleve indexed it) neither fail Open nor change a search.
func TestUnpointedRankRecordsAreHarmless(t *testing.T) {
	st, x, dir := openFixture(t)
	ctx := context.Background()
	before, err := x.Search(ctx, bot.QuoteQuery{Words: "open source regulation"})
	if err != nil || len(before.Hits) == 0 {
		t.Fatalf("search: %+v, %v", before, err)
	}
	built := x.bi.ranks.size.Load()
	if _, err := x.bi.ranks.appendDocs([]string{"not a rank document", ""}); err != nil {
		t.Fatal(err)
	}
	y := reopen(t, x, st, dir)
	if got := y.bi.ranks.size.Load(); got <= built {
		t.Errorf("rank file of %d bytes after reopening, want the %d built and the records after them (no rebuild)", got, built)
	}
	after, err := y.Search(ctx, bot.QuoteQuery{Words: "open source regulation"})
	if err != nil || fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("search after reopening: %+v, %v; before: %+v", after, err, before)
	}
}

// TestGrownRankFileIsRebuilt: a rank file grown to over twice its built
// size (records of quotes indexed again) is rebuilt at the next Open, which
// leaves only the records the index points to.
func TestGrownRankFileIsRebuilt(t *testing.T) {
	st, x, dir := openFixture(t)
	built := x.bi.ranks.size.Load()
	if _, err := x.bi.ranks.appendDocs([]string{strings.Repeat("x", rankSlack+int(built))}); err != nil {
		t.Fatal(err)
	}
	y := reopen(t, x, st, dir)
	if got := y.bi.ranks.size.Load(); got != built {
		t.Errorf("rank file after reopening: %d bytes, want %d as built", got, built)
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
