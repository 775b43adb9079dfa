package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/atlas"
	"github.com/stancebot/stancebot/bot"
)

// TestRealBoard imports the board's real repository into a new (seeded)
// data directory and checks that every strategy tag, person, position and
// quote of its head arrived as the board holds it. The repository is not
// part of the project (it has no licence) and CI is offline: the test runs
// only when STANCEBOT_ATLAS_REPO names a checkout or mirror of
// github.com/NoahLloyd/strategy-atlas.
func TestRealBoard(t *testing.T) {
	path := os.Getenv("STANCEBOT_ATLAS_REPO")
	if path == "" {
		t.Skip("STANCEBOT_ATLAS_REPO is not set")
	}
	ctx := context.Background()
	repo, err := atlas.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	board, err := repo.Read(ctx, head, atlas.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want, warnings := board.Dataset()
	if len(warnings) > 0 {
		t.Errorf("warnings: %q", warnings)
	}
	if strings.HasPrefix(head.ID, "4b92d48") &&
		(len(want.Strategies) != 46 || len(want.People) != 935 || len(want.Stances) != 973 || len(want.Quotes) != 1011) {
		t.Errorf("commit 4b92d48 holds %d tags, %d people, %d positions, %d quotes; want 46, 935, 973, 1011",
			len(want.Strategies), len(want.People), len(want.Stances), len(want.Quotes))
	}

	data := t.TempDir()
	mustRun(t, "import", "--data", data, "atlas", path)
	a, err := openApp(ctx, appOptions{DataDir: data, WithoutIndex: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := a.Close(); err != nil {
			t.Error(err)
		}
	}()
	got, err := a.Store.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seed, err := a.Store.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, _ = atlas.MatchStore(want, seed) // the store's ids, as the import used them

	strategies := map[string]bool{}
	for _, s := range got.Strategies {
		strategies[s.ID] = true
	}
	for _, s := range want.Strategies {
		if !strategies[s.ID] {
			t.Errorf("strategy %s missing", s.ID)
		}
	}
	people := map[string]bot.Person{}
	for _, p := range got.People {
		people[p.ID] = p
	}
	for _, p := range want.People {
		g, ok := people[p.ID]
		if !ok || g.Name != p.Name || g.Profiled != p.Profiled || g.Expertise != p.Expertise || g.Recognition != p.Recognition ||
			g.Vintage != p.Vintage || len(g.PDoomClaims) != len(p.PDoomClaims) || g.Order != p.Order {
			t.Errorf("person %s: got %+v, want %+v", p.ID, g, p)
		}
	}
	stances := map[string]bot.Stance{}
	for _, s := range got.Stances {
		stances[s.PersonID+" "+s.StrategyID] = s
	}
	for _, s := range want.Stances {
		g, ok := stances[s.PersonID+" "+s.StrategyID]
		if !ok || g.Kind != s.Kind || g.Tentative != s.Tentative || g.Summary != s.Summary {
			t.Errorf("stance %s on %s: got %+v, want %+v", s.PersonID, s.StrategyID, g, s)
		}
	}
	quotes := map[string]bot.Quote{}
	for _, q := range got.Quotes {
		quotes[q.ID] = q
	}
	for _, q := range want.Quotes {
		g, ok := quotes[q.ID]
		if !ok || g.Text != q.Text || g.Fidelity != q.Fidelity || g.Source != q.Source || g.Date != q.Date || g.Context != q.Context {
			t.Errorf("quote %s of %s: got %+v, want %+v", q.ID, q.PersonID, g, q)
		}
	}
	t.Logf("commit %s: %d tags, %d people, %d positions, %d quotes checked", head.Short(), len(want.Strategies), len(want.People), len(want.Stances), len(want.Quotes))
	// beside the board, the store holds only what the seed has and the board does not
	if extra := len(got.People) - len(want.People); extra != 1 {
		t.Errorf("%d people in the store besides the board's, want 1 (the seed's Thomas Wolf)", extra)
	}
}
