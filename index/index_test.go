package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/internal/testenv"
)

const defaultTestLockTimeout = 200 * time.Millisecond

func openIndex(t *testing.T, dir string, st bot.Store) *Index {
	t.Helper()
	x, err := Open(context.Background(), dir, st, Options{Logger: testenv.Logger(), LockTimeout: defaultTestLockTimeout, BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// assertMirrors checks that the index holds exactly the store's quotes and
// records the store's version.
func assertMirrors(t *testing.T, x *Index, st bot.Store) {
	t.Helper()
	ctx := context.Background()
	want, err := st.QuotesSince(ctx, 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	ids := indexedIDs(t, x)
	if len(ids) != len(want) {
		t.Errorf("index holds %d quotes, store %d", len(ids), len(want))
	}
	for _, q := range want {
		if !ids[q.Quote.ID] {
			t.Errorf("quote %s of the store is not indexed", q.Quote.ID)
		}
	}
	v, err := st.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if x.Version() != v {
		t.Errorf("index version %d, store %d", x.Version(), v)
	}
}

// indexedIDs returns every document id in the index.
func indexedIDs(t *testing.T, x *Index) map[string]bool {
	t.Helper()
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1<<20, 0, false)
	res, err := x.bi.bleve.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, h := range res.Hits {
		ids[h.ID] = true
	}
	return ids
}

func TestOpenBuildsFromTheStore(t *testing.T) {
	st, x, dir := openFixture(t)
	assertMirrors(t, x, st)
	if n, _ := x.DocCount(); n != uint64(len(fixture().Quotes)) {
		t.Errorf("doc count %d", n)
	}
	// The temporary build directory was renamed into place.
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 || entries[0].Name() != filepath.Base(dir) {
		t.Errorf("directory holds %v", entries)
	}
}

// TestBuildMergesIntoOneSegment: a build of many batches, opened again,
// has one segment, the last batches' quotes included (scorch merges only
// segments it has persisted, plans for about two, and persists the merged
// snapshot after the merge returns). A few builds: the races are timing's.
func TestBuildMergesIntoOneSegment(t *testing.T) {
	for range 3 {
		x, err := Open(context.Background(), filepath.Join(t.TempDir(), "quotes.bleve"), openStore(t, fixture()),
			Options{Logger: testenv.Logger(), BatchSize: 1})
		if err != nil {
			t.Fatal(err)
		}
		if snap := openSnapshot(t, x); len(snap.segments) != 1 {
			var counts []uint64
			for _, s := range snap.segments {
				counts = append(counts, s.Segment().Count())
			}
			t.Errorf("segments of %v quotes after the build, want one", counts)
		}
		if err := x.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSyncIndexesWhatTheStoreRecorded(t *testing.T) {
	st, x, _ := openFixture(t)
	ctx := context.Background()
	q := bot.Quote{PersonID: "emad-mostaque", StrategyID: "open-source", Text: "Decentralised compute keeps models in many hands.", Fidelity: bot.FidelityLoose}
	q.ID = bot.QuoteID(q.PersonID, q.StrategyID, q.Text)
	if _, err := st.Import(ctx, bot.Dataset{Quotes: []bot.Quote{q}}); err != nil {
		t.Fatal(err)
	}
	hits, err := x.Search(ctx, bot.QuoteQuery{Words: "decentralised compute"})
	if err != nil {
		t.Fatal(err)
	}
	if hits.Total != 0 {
		t.Fatalf("found before Sync: the index must be derived from the store only")
	}
	n, err := x.Sync(ctx)
	if err != nil || n != 1 {
		t.Fatalf("Sync = %d, %v; want 1 quote", n, err)
	}
	hits, err = x.Search(ctx, bot.QuoteQuery{Words: "decentralised compute"})
	if err != nil || len(hits.Hits) == 0 || hits.Hits[0].QuoteID != q.ID {
		t.Errorf("new quote not found after Sync: %+v, %v", hits, err)
	}
	if n, err := x.Sync(ctx); err != nil || n != 0 {
		t.Errorf("second Sync = %d, %v; want nothing to do", n, err)
	}
	assertMirrors(t, x, st)
}

func TestSyncReindexesChangedPeopleAndStances(t *testing.T) {
	st, x, _ := openFixture(t)
	ds := fixture()
	ds.Quotes, ds.Strategies = nil, nil
	for i := range ds.People {
		if ds.People[i].ID == "stella-biderman" {
			ds.People[i].Name = "Stella Rose Biderman"
		}
	}
	for i := range ds.Stances {
		if ds.Stances[i].PersonID == "emad-mostaque" {
			ds.Stances[i].Kind = bot.StanceMixed
		}
	}
	syncFinds(t, st, x, ds, 2, "rose", "stella-biderman")
}

// TestSyncReindexesChangedStrategies: a renamed strategy's quotes are
// reindexed; a new strategy's are indexed once, as new quotes, although
// their stances are new too.
func TestSyncReindexesChangedStrategies(t *testing.T) {
	st, x, _ := openFixture(t)
	ds := fixture()
	ds.People, ds.Quotes = nil, nil
	ds.Stances = []bot.Stance{{PersonID: "andrew-ng", StrategyID: "compute-caps", Kind: bot.StanceOpposes, Summary: "Caps stifle"}}
	ds.Strategies[1].Aliases = []string{"giant experiments moratorium"}
	ds.Strategies = append(ds.Strategies, bot.Strategy{ID: "compute-caps", Name: "Compute caps", Summary: "Cap training compute"})
	q := bot.Quote{PersonID: "andrew-ng", StrategyID: "compute-caps", Text: "A cap on compute is a cap on progress.", Fidelity: bot.FidelityLoose}
	q.ID = bot.QuoteID(q.PersonID, q.StrategyID, q.Text)
	ds.Quotes = []bot.Quote{q}
	syncFinds(t, st, x, ds, 2, "moratorium", "ada-pauser")
}

// syncFinds imports ds into st and checks that x's Sync then indexes
// synced quotes, that words finds a quote of person first, and that x
// mirrors st.
func syncFinds(t *testing.T, st *store.DB, x *Index, ds bot.Dataset, synced int, words, person string) {
	t.Helper()
	ctx := context.Background()
	if _, err := st.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if n, err := x.Sync(ctx); err != nil || n != synced {
		t.Fatalf("Sync = %d, %v; want %d quotes", n, err, synced)
	}
	hits, err := x.Search(ctx, bot.QuoteQuery{Words: words})
	if err != nil || len(hits.Hits) == 0 || personOf(t, st, hits.Hits[0].QuoteID) != person {
		t.Errorf("%q: %+v, %v; want a quote of %s first", words, hits, err, person)
	}
	assertMirrors(t, x, st)
}

func TestOpenCatchesUpAfterACrashBetweenStoreAndIndex(t *testing.T) {
	st, x, dir := openFixture(t)
	ctx := context.Background()
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	// The store committed, the process died before indexing.
	q := bot.Quote{PersonID: "andrew-ng", StrategyID: "open-source", Text: "Open weights lower the cost of experimentation.", Fidelity: bot.FidelityLoose}
	q.ID = bot.QuoteID(q.PersonID, q.StrategyID, q.Text)
	if _, err := st.Import(ctx, bot.Dataset{Quotes: []bot.Quote{q}}); err != nil {
		t.Fatal(err)
	}
	x = openIndex(t, dir, st)
	defer x.Close()
	assertMirrors(t, x, st)
}

func TestOpenRebuilds(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string, x *Index)
	}{
		{"other mapping", func(t *testing.T, dir string, x *Index) {
			if err := x.bi.bleve.SetInternal(keyMapping, []byte("0123")); err != nil {
				t.Fatal(err)
			}
		}},
		{"other schema version", func(t *testing.T, dir string, x *Index) {
			if err := x.bi.bleve.SetInternal(keySchema, []byte("0")); err != nil {
				t.Fatal(err)
			}
		}},
		{"ahead of the store", func(t *testing.T, dir string, x *Index) {
			if err := x.bi.bleve.SetInternal(keyVersion, []byte("999999")); err != nil {
				t.Fatal(err)
			}
		}},
		{"unreadable", func(t *testing.T, dir string, x *Index) {
			if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte("{garbage"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"not an index", func(t *testing.T, dir string, x *Index) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(dir, "junk"), 0o700); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, x, dir := openFixture(t)
			tt.damage(t, dir, x)
			if err := x.Close(); err != nil {
				t.Fatal(err)
			}
			x = openIndex(t, dir, st)
			defer x.Close()
			assertMirrors(t, x, st)
			if h, _ := x.bi.bleve.GetInternal(keyMapping); string(h) != x.hash {
				t.Errorf("mapping hash %q after rebuild", h)
			}
			if hits, _ := x.Search(ctx, bot.QuoteQuery{Words: "public good"}); len(hits.Hits) == 0 {
				t.Error("rebuilt index finds nothing")
			}
		})
	}
}

func TestOpenRebuildsForAnotherStore(t *testing.T) {
	_, x, dir := openFixture(t)
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	// A smaller, different store: its version is below the index's.
	ds := fixture()
	ds.Quotes = ds.Quotes[:1]
	st := openStore(t, ds)
	x = openIndex(t, dir, st)
	defer x.Close()
	assertMirrors(t, x, st)
}

func TestSecondOpenFailsClearlyInsteadOfHanging(t *testing.T) {
	st, _, dir := openFixture(t)
	start := time.Now()
	_, err := Open(context.Background(), dir, st, Options{Logger: testenv.Logger(), LockTimeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open: %v, want ErrInUse", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("second Open took %s", took)
	}
}

func TestCloseTwice(t *testing.T) {
	_, x, _ := openFixture(t)
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestLeftoverBuildsAreRemoved(t *testing.T) {
	st, x, dir := openFixture(t)
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	old := dir + ".build-123"
	fresh := dir + ".build-456"
	for _, d := range []string{old, fresh} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	past := time.Now().Add(-2 * leftoverAge)
	if err := os.Chtimes(old, past, past); err != nil {
		t.Fatal(err)
	}
	x = openIndex(t, dir, st)
	defer x.Close()
	if _, err := os.Stat(old); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("abandoned build %s not removed: %v", old, err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("recent build %s (maybe another process's) removed: %v", fresh, err)
	}
}
