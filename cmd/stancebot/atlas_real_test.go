package main

import (
	"context"
	"math"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/adapters/console"
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
	ctx := context.Background()
	path, head, board := readRealBoard(t)
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

// TestRealBoardNumbers imports the real repository (STANCEBOT_ATLAS_REPO,
// as TestRealBoard) and checks, for every tag, that /whoendorses shows the
// numbers the board's tag page computes (src/app/strategies/[id]/page.tsx),
// worked out here again from the board's own data: stated and tentative
// endorsers, opposers, profiled endorsers, the endorsers' p(doom), quotes
// by endorsers, principal voices and co-endorsements. The store may hold
// endorsers the board does not (the seed's, from the thread export): they
// count as endorsers with that one position, as the store counts them.
func TestRealBoardNumbers(t *testing.T) {
	ctx := context.Background()
	path, _, board := readRealBoard(t)
	data := t.TempDir()
	mustRun(t, "import", "--data", data, "atlas", path)
	a, err := openApp(ctx, appOptions{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := a.Close(); err != nil {
			t.Error(err)
		}
	}()
	ds, err := a.Store.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	boardIDs := map[string]bool{}
	for _, p := range board.People {
		boardIDs[p.ID] = true
	}
	storeOnly := map[string]string{} // people the store holds and the board does not, by id: their names
	for _, p := range ds.People {
		if !slices.ContainsFunc(append([]string{p.ID}, p.Aliases...), func(id string) bool { return boardIDs[id] }) {
			storeOnly[p.ID] = p.Name
		}
	}
	storeTag := map[string]string{} // a strategy's id or alias -> its id in the store
	for _, s := range ds.Strategies {
		for _, id := range append([]string{s.ID}, s.Aliases...) {
			storeTag[id] = s.ID
		}
	}
	tagOf := map[string]string{} // a strategy's id in the store -> the board's tag id
	for _, tg := range board.StrategyTags {
		tagOf[storeTag[bot.Slug(tg.ID)]] = tg.ID
		tagOf[storeTag[tg.ID]] = tg.ID
	}
	quotes := map[string]int{}
	for _, q := range ds.Quotes {
		quotes[q.PersonID+" "+q.StrategyID]++
	}
	people := board.People
	for _, s := range ds.Stances {
		if name, ok := storeOnly[s.PersonID]; ok {
			people = append(people, atlas.Person{ID: s.PersonID, Name: name, Positions: []atlas.Position{{
				StrategyID: tagOf[s.StrategyID], Stance: string(s.Kind), Tentative: s.Tentative,
				Quotes: make([]atlas.Quote, quotes[s.PersonID+" "+s.StrategyID]),
			}}})
		}
	}

	for _, tag := range board.StrategyTags {
		want := boardNumbers(people, tag.ID, storeTag)
		reply := a.Bot.HandleLine(ctx, "/whoendorses "+tag.ID, console.Request())
		if reply.Stats == nil {
			t.Errorf("%s: no stats in the reply (%s)", tag.ID, reply.Error)
			continue
		}
		got := *reply.Stats
		got.ProfiledTotal, got.Grid, got.ExpertiseMix, got.RecognitionMix, got.VintageMix = 0, nil, nil, nil, nil
		for i := range got.CoEndorsement {
			got.CoEndorsement[i].Declared = ""
		}
		if len(got.PrincipalVoices) == 0 {
			got.PrincipalVoices = nil
		}
		if len(got.CoEndorsement) == 0 {
			got.CoEndorsement = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tag.ID, got, want)
		}
	}
}

// boardNumbers computes a tag page's numbers as the board's page does.
func boardNumbers(people []atlas.Person, tag string, storeTag map[string]string) bot.StrategyStats {
	endorsing := func(s string) bool { k, _ := bot.ParseStanceKind(s); return k.IsEndorser() }
	var stated, profiled []atlas.Person
	var out bot.StrategyStats
	var pdoom []float64
	for _, p := range people {
		var isStated, isTentative, isOpposer bool
		for _, pos := range p.Positions {
			if pos.StrategyID != tag {
				continue
			}
			switch {
			case endorsing(pos.Stance) && !pos.Tentative:
				isStated = true
			case endorsing(pos.Stance):
				isTentative = true
			case pos.Stance == "opposes" || pos.Stance == "evolved-away":
				isOpposer = true
			}
		}
		if isOpposer {
			out.Opposers++
		}
		if isTentative && !isStated {
			out.TentativeEndorsers++
		}
		if !isStated {
			continue
		}
		stated = append(stated, p)
		if p.Profile != nil {
			profiled = append(profiled, p)
		}
		if len(p.PDoom) > 0 {
			pdoom = append(pdoom, (p.PDoom[0].Value.Low+p.PDoom[0].Value.High)/2)
		}
		for _, pos := range p.Positions {
			if pos.StrategyID == tag {
				out.Quotes += len(pos.Quotes)
			}
		}
	}
	jsRound := func(x float64) int { return int(math.Floor(x + 0.5)) }
	out.StatedEndorsers, out.ProfiledEndorsers = len(stated), len(profiled)
	out.ProfiledSharePct = jsRound(float64(len(profiled)) / 248 * 100)
	if len(pdoom) > 0 {
		sum := 0.0
		for _, v := range pdoom {
			sum += v
		}
		sort.Float64s(pdoom)
		median := pdoom[len(pdoom)/2]
		if len(pdoom)%2 == 0 {
			median = (pdoom[len(pdoom)/2-1] + pdoom[len(pdoom)/2]) / 2
		}
		out.PDoom = &bot.PDoomStat{MeanPct: jsRound(sum / float64(len(pdoom)) * 100), MedianPct: jsRound(median * 100), N: len(pdoom)}
	}
	rank := map[string]int{"household-name": 3, "field-leading": 2, "established": 1, "emerging": 0}
	allQuotes := func(p atlas.Person) (n int) {
		for _, pos := range p.Positions {
			n += len(pos.Quotes)
		}
		return n
	}
	sort.SliceStable(profiled, func(i, j int) bool {
		a, b := profiled[i], profiled[j]
		if ra, rb := rank[a.Profile.Recognition], rank[b.Profile.Recognition]; ra != rb {
			return ra > rb
		}
		return allQuotes(a) > allQuotes(b)
	})
	for i, p := range profiled {
		if i < 5 {
			out.PrincipalVoices = append(out.PrincipalVoices, p.Name)
		}
	}
	counts := map[string]int{}
	var order []string
	for _, p := range stated {
		held := map[string]bool{}
		for _, pos := range p.Positions {
			if endorsing(pos.Stance) && !pos.Tentative && pos.StrategyID != tag && !held[pos.StrategyID] {
				held[pos.StrategyID] = true
				if counts[pos.StrategyID] == 0 {
					order = append(order, pos.StrategyID)
				}
				counts[pos.StrategyID]++
			}
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return counts[order[i]] > counts[order[j]] })
	for _, id := range order {
		if counts[id] >= 2 && len(out.CoEndorsement) < 8 {
			out.CoEndorsement = append(out.CoEndorsement, bot.CoEndorsementStat{
				Strategy: storeTag[bot.Slug(id)], Count: counts[id], SharePct: jsRound(float64(counts[id]) / float64(len(stated)) * 100)})
		}
	}
	return out
}

// readRealBoard reads the head commit of the repository STANCEBOT_ATLAS_REPO
// names, and skips the test when it names none.
func readRealBoard(t *testing.T) (path string, head atlas.Commit, board *atlas.Board) {
	t.Helper()
	path = os.Getenv("STANCEBOT_ATLAS_REPO")
	if path == "" {
		t.Skip("STANCEBOT_ATLAS_REPO is not set")
	}
	repo, err := atlas.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	head, err = repo.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	board, err = repo.Read(context.Background(), head, atlas.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return path, head, board
}
