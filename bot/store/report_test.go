package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

func TestStrategyReport(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, smallDataset())

	rep, err := db.StrategyReport(ctx, "open-source")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Strategy.Name != "Open source" || strings.Join(rep.Strategy.Aliases, "|") != "open weights|open models" ||
		rep.Strategy.RecordedAt.IsZero() {
		t.Errorf("strategy = %+v", rep.Strategy)
	}
	if rep.Board == nil || *rep.Board != (bot.Board{Name: "AGI Strategies", ProfiledTotal: 248}) {
		t.Errorf("board = %+v", rep.Board)
	}
	var people []string
	for _, ps := range rep.Stances {
		people = append(people, ps.Person.ID+"="+string(ps.Stance.Kind))
		if ps.Person.ID != ps.Stance.PersonID || ps.Stance.StrategyID != "open-source" {
			t.Errorf("stance %+v paired with person %s", ps.Stance, ps.Person.ID)
		}
	}
	want := "andrew-ng=endorses eliezer-yudkowsky=opposes joelle-pineau=mixed yann-lecun=endorses"
	if got := strings.Join(people, " "); got != want {
		t.Errorf("stances = %s\nwant       %s", got, want)
	}
	for _, ps := range rep.Stances {
		if ps.Person.ID == "yann-lecun" && (len(ps.Person.PDoomClaims) != 1 || ps.Person.PDoomClaims[0].Low != 0.01 ||
			ps.Person.Expertise != bot.ExpertiseFrontierBuilder || ps.Person.Aliases[0] != "@ylecun") {
			t.Errorf("person = %+v", ps.Person)
		}
	}
	var counts []string
	for _, ps := range rep.Stances {
		counts = append(counts, fmt.Sprintf("%s=%d", ps.Person.ID, ps.Quotes))
	}
	if got, want := strings.Join(counts, " "), "andrew-ng=1 eliezer-yudkowsky=0 joelle-pineau=0 yann-lecun=2"; got != want {
		t.Errorf("quote counts = %s\nwant           %s", got, want)
	}
	if v := mustVersion(t, db); rep.Version != v {
		t.Errorf("report version = %d, want %d", rep.Version, v)
	}
	quotes, err := db.StrategyQuotes(ctx, "open-source", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(quotes) != 3 {
		t.Errorf("quotes = %d, want 3", len(quotes))
	}
	for _, q := range quotes {
		if q.StrategyID != "open-source" || q.RecordedAt.IsZero() {
			t.Errorf("quote = %+v", q)
		}
	}
	// Endorsers of open-source: yann (endorses), andrew (endorses), joelle (mixed).
	// compute-governance: yann endorses, joelle evolved-toward (andrew opposes) -> 2.
	// pause: joelle conditional -> 1 (eliezer opposes open-source, so is no endorser of it).
	var related []string
	for _, r := range rep.Related {
		related = append(related, fmt.Sprintf("%s=%d", r.Strategy.ID, r.People))
	}
	if got := strings.Join(related, " "); got != "compute-governance=2 pause=1" {
		t.Errorf("related = %s, want compute-governance=2 pause=1", got)
	}

	// The caller owns what it gets: changing it does not change the next report.
	rep.Stances[0].Person.Aliases = append(rep.Stances[0].Person.Aliases[:0], "mutated")
	rep.Strategy.Aliases[0] = "mutated"
	again, err := db.StrategyReport(ctx, "open-source")
	if err != nil {
		t.Fatal(err)
	}
	if again.Strategy.Aliases[0] != "open weights" || slices.Contains(again.Stances[0].Person.Aliases, "mutated") {
		t.Error("a report shares memory with the store's catalog")
	}
}

func TestStrategyQuotes(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, smallDataset())
	owners := func(people []string) string {
		t.Helper()
		qs, err := db.StrategyQuotes(ctx, "open-source", people)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, q := range qs {
			out = append(out, q.PersonID+":"+q.Text)
		}
		return strings.Join(out, " | ")
	}
	yann := "yann-lecun:Closed models concentrate power. | yann-lecun:Open research is how we make AI safe."
	// Quote ids are hashes of the words: order them as the store does.
	if qs := strings.Split(yann, " | "); bot.QuoteID("yann-lecun", "open-source", "Open research is how we make AI safe.") <
		bot.QuoteID("yann-lecun", "open-source", "Closed models concentrate power.") {
		yann = qs[1] + " | " + qs[0]
	}
	andrew := "andrew-ng:Regulate applications, not the technology."
	for _, tt := range []struct {
		people []string
		want   string
	}{
		{nil, andrew + " | " + yann},
		{[]string{"yann-lecun"}, yann},
		{[]string{"yann-lecun", "andrew-ng", "nobody"}, andrew + " | " + yann},
		{[]string{"eliezer-yudkowsky"}, ""}, // his quote is on another strategy
		{[]string{}, ""},
	} {
		if got := owners(tt.people); got != tt.want {
			t.Errorf("StrategyQuotes(%q) = %s\nwant %s", tt.people, got, tt.want)
		}
	}
	if _, err := db.StrategyQuotes(ctx, "no-such-strategy", nil); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("StrategyQuotes of a missing strategy: %v, want ENOTFOUND", err)
	}
}

// TestReportQuoteCountsFollowImports checks every stance's quote count
// against counting in Go, after an import that adds quotes and a stance:
// the store's stance table is per version, and must not serve the old one.
func TestReportQuoteCountsFollowImports(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds := genDataset(genSize{Strategies: 6, People: 40, StancesPerPerson: 3, Quotes: 90}, 3)
	mustImport(t, db, ds)
	check := func(ds bot.Dataset) {
		t.Helper()
		want := map[[2]string]int{}
		for _, q := range ds.Quotes {
			want[[2]string{q.StrategyID, q.PersonID}]++
		}
		all := map[string]int{} // person -> quotes on their stances
		for _, st := range ds.Stances {
			all[st.PersonID] += want[[2]string{st.StrategyID, st.PersonID}]
		}
		stances := 0
		for _, s := range ds.Strategies {
			rep, err := db.StrategyReport(ctx, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, ps := range rep.Stances {
				if n := want[[2]string{s.ID, ps.Person.ID}]; ps.Quotes != n {
					t.Errorf("%s on %s: %d quotes, want %d", ps.Person.ID, s.ID, ps.Quotes, n)
				}
				if n := all[ps.Person.ID]; ps.AllQuotes != n {
					t.Errorf("%s: %d quotes on all stances, want %d", ps.Person.ID, ps.AllQuotes, n)
				}
			}
			stances += len(rep.Stances)
		}
		if stances != len(ds.Stances) {
			t.Errorf("reports hold %d stances, want %d", stances, len(ds.Stances))
		}
	}
	check(ds)
	st := ds.Stances[0]
	more := bot.Dataset{Quotes: []bot.Quote{
		quote(st.PersonID, st.StrategyID, "One more quote.", bot.FidelityDirect, bot.Source{Type: "blog", Title: "More"}),
	}}
	for _, s := range ds.Strategies {
		if !slices.ContainsFunc(ds.Stances, func(x bot.Stance) bool { return x.StrategyID == s.ID && x.PersonID == ds.People[0].ID }) {
			added := bot.Stance{PersonID: ds.People[0].ID, StrategyID: s.ID, Kind: bot.StanceMixed, Summary: "new"}
			more.Stances = append(more.Stances, added)
			more.Quotes = append(more.Quotes, quote(added.PersonID, added.StrategyID, "A new stance's quote.",
				bot.FidelityLoose, bot.Source{Type: "blog", Title: "New"}))
			break
		}
	}
	if len(more.Stances) == 0 {
		t.Fatal("the generated dataset gives the first person a stance on every strategy")
	}
	mustImport(t, db, more)
	ds.Stances = append(ds.Stances, more.Stances...)
	ds.Quotes = append(ds.Quotes, more.Quotes...)
	check(ds)
}

// TestRelatedMatchesBruteForce checks the co-endorsement counts against
// counting in Go, on a generated dataset and after imports that turn
// endorsers into opposers and back, change kinds among endorsers and add
// stances.
func TestRelatedMatchesBruteForce(t *testing.T) {
	db := openTest(t)
	ds := genDataset(genSize{Strategies: 12, People: 80, StancesPerPerson: 5, Quotes: 10}, 7)
	mustImport(t, db, ds)
	checkRelated(t, db, ds.Strategies, ds.Stances)

	stances := slices.Clone(ds.Stances)
	kinds := bot.StanceKinds
	var changed []bot.Stance
	for i := range stances {
		if i%3 == 0 {
			stances[i].Kind = kinds[(slices.Index(kinds, stances[i].Kind)+1+i%4)%len(kinds)]
			changed = append(changed, stances[i])
		}
	}
	added := bot.Stance{PersonID: ds.People[0].ID, StrategyID: ds.Strategies[0].ID, Kind: bot.StanceConditional}
	if !slices.ContainsFunc(stances, func(s bot.Stance) bool {
		return s.PersonID == added.PersonID && s.StrategyID == added.StrategyID
	}) {
		stances = append(stances, added)
		changed = append(changed, added)
	}
	mustImport(t, db, bot.Dataset{Stances: changed})
	checkRelated(t, db, ds.Strategies, stances)

	// One strategy recounted: the others' mirror rows must follow.
	one := slices.IndexFunc(stances, func(s bot.Stance) bool { return s.Kind.IsEndorser() })
	stances[one].Kind = bot.StanceOpposes
	mustImport(t, db, bot.Dataset{Stances: stances[one : one+1]})
	checkRelated(t, db, ds.Strategies, stances)

	mustImport(t, db, bot.Dataset{Stances: ds.Stances})
	checkRelated(t, db, ds.Strategies, append(slices.Clone(ds.Stances), stances[len(ds.Stances):]...))
}

// checkRelated compares every strategy's Related with a count in Go over
// stances: people in id order (the generated people have no source order),
// each one's endorsed strategies in id order, first appearance first.
func checkRelated(t *testing.T, db *DB, strategies []bot.Strategy, stances []bot.Stance) {
	t.Helper()
	endorses := map[string][]string{} // person -> strategies endorsed, by id
	var people []string
	for _, st := range stances {
		if st.IsStatedEndorser() {
			if endorses[st.PersonID] == nil {
				people = append(people, st.PersonID)
			}
			endorses[st.PersonID] = append(endorses[st.PersonID], st.StrategyID)
		}
	}
	slices.Sort(people)
	for _, s := range strategies {
		counts := map[string]int{}
		var order []string
		for _, p := range people {
			endorsed := slices.Sorted(slices.Values(endorses[p]))
			if !slices.Contains(endorsed, s.ID) {
				continue
			}
			for _, other := range endorsed {
				if other == s.ID {
					continue
				}
				if counts[other] == 0 {
					order = append(order, other)
				}
				counts[other]++
			}
		}
		var want []string
		for _, id := range order {
			want = append(want, fmt.Sprintf("%s=%d", id, counts[id]))
		}
		rep, err := db.StrategyReport(context.Background(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rep.Related {
			got = append(got, fmt.Sprintf("%s=%d", r.Strategy.ID, r.People))
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s related:\n got %v\nwant %v", s.ID, got, want)
		}
	}
}

func TestPersonReport(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, smallDataset())
	rep, err := db.PersonReport(ctx, "yann-lecun", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Person.Name != "Yann LeCun" || !rep.Person.Profiled {
		t.Errorf("person = %+v", rep.Person)
	}
	var stances []string
	for _, s := range rep.Stances {
		stances = append(stances, s.Strategy.ID+"="+string(s.Stance.Kind))
	}
	if got := strings.Join(stances, " "); got != "compute-governance=endorses open-source=endorses" {
		t.Errorf("stances = %s", got)
	}
	if rep.QuoteTotal != 2 || rep.Quotes != nil || len(rep.History) != 2 || rep.History[0].Seq >= rep.History[1].Seq {
		t.Errorf("quotes = %d (%d read, limit 0), history = %+v", rep.QuoteTotal, len(rep.Quotes), rep.History)
	}
	for _, h := range rep.History {
		if h.PersonID != "yann-lecun" || h.Kind != bot.ChangeStanceNew {
			t.Errorf("history entry %+v", h)
		}
	}
}

// TestPersonPage pages through a person's quotes in /person's order
// (newest source date first, unknown parts last, then id), every page
// the same as sorting all of them.
func TestPersonPage(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds := smallDataset()
	dates := []bot.Date{{Year: 2024}, {Year: 2024, Month: 3}, {}, {Year: 2023, Month: 12, Day: 1}, {Year: 2024, Month: 3}, {Year: 2022}}
	for i, d := range dates {
		ds.Quotes = append(ds.Quotes, quote("yann-lecun", "pause", fmt.Sprintf("Quote number %d.", i), bot.FidelityDirect,
			bot.Source{Type: "blog", Title: "Post", Date: d}))
	}
	mustImport(t, db, ds)
	var want []string
	for _, q := range ds.Quotes {
		if q.PersonID == "yann-lecun" {
			want = append(want, q.ID)
		}
	}
	byID := map[string]bot.Date{}
	for _, q := range ds.Quotes {
		byID[q.ID] = q.Source.Date
	}
	slices.SortFunc(want, func(a, b string) int {
		da, dbb := byID[a], byID[b]
		if c := cmp.Compare(dbb.Year, da.Year); c != 0 {
			return c
		}
		if c := cmp.Compare(dbb.Month, da.Month); c != 0 {
			return c
		}
		if c := cmp.Compare(dbb.Day, da.Day); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	for _, tc := range []struct{ offset, limit int }{{0, math.MaxInt}, {0, 3}, {3, 3}, {6, 3}, {7, 5}, {9, 1}} {
		rep, err := db.PersonReport(ctx, "yann-lecun", tc.offset, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, q := range rep.Quotes {
			ids = append(ids, q.ID)
		}
		lo, hi := min(tc.offset, len(want)), min(tc.offset+min(tc.limit, len(want)), len(want))
		if !slices.Equal(ids, want[lo:hi]) || rep.QuoteTotal != len(want) {
			t.Errorf("report's page %+v = %v of %d, want %v of %d", tc, ids, rep.QuoteTotal, want[lo:hi], len(want))
		}
	}
	if _, err := db.PersonReport(ctx, "nobody", 0, 6); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("PersonReport of a missing person: %v, want ENOTFOUND", err)
	}
}

// TestReportReadsUseIndexes checks that the per-request reads of
// /whoendorses and /person are planned on the indexes migration 0007
// made for them (the partial index's kinds are built from the Go
// constants: the plan shows they still agree), never a scan of a table.
func TestReportReadsUseIndexes(t *testing.T) {
	db := openTest(t)
	mustImport(t, db, smallDataset())
	for _, tc := range []struct {
		query string
		want  string
		args  []any
	}{
		{allEndorsedQuery, "COVERING INDEX stances_endorsed", nil},
		{personPageQuery, "INDEX quotes_person_page", []any{"yann-lecun", 6, 0}},
	} {
		text := queryPlan(t, db, tc.query, tc.args...)
		if !strings.Contains(text, tc.want) {
			t.Errorf("plan of %s:\n%s\nwant %s", firstLine(tc.query), text, tc.want)
		}
		if strings.Contains(text, "TEMP B-TREE") || strings.Contains(text, "SCAN q") {
			t.Errorf("plan of %s sorts or scans: %s", firstLine(tc.query), text)
		}
	}
}

// queryPlan is the read pool's EXPLAIN QUERY PLAN of a query, its steps
// joined by "; ".
func queryPlan(t *testing.T, db *DB, query string, args ...any) string {
	t.Helper()
	rows, err := db.r.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "; ")
}

func TestNotFound(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, smallDataset())
	if _, err := db.StrategyReport(ctx, "no-such-strategy"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("StrategyReport of a missing strategy: %v, want ENOTFOUND", err)
	}
	if _, err := db.PersonReport(ctx, "nobody", 0, 0); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("PersonReport of a missing person: %v, want ENOTFOUND", err)
	}
}

func TestQuoteViews(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds := smallDataset()
	noStance := quote("andrew-ng", "pause", "Pausing is pointless.", bot.FidelityFaithful, bot.Source{Type: "talk"})
	ds.Quotes = append(ds.Quotes, noStance)
	mustImport(t, db, ds)

	ids := []string{ds.Quotes[3].ID, "qunknown", noStance.ID, ds.Quotes[0].ID, ds.Quotes[3].ID}
	views, err := db.QuoteViews(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range views {
		got = append(got, v.Quote.ID)
	}
	want := []string{ds.Quotes[3].ID, noStance.ID, ds.Quotes[0].ID, ds.Quotes[3].ID}
	if !slices.Equal(got, want) {
		t.Fatalf("QuoteViews ids = %v, want %v (given order, unknown skipped)", got, want)
	}
	v := views[0]
	if v.Person.ID != "eliezer-yudkowsky" || v.Strategy.ID != "pause" || v.Stance == nil ||
		v.Stance.Kind != bot.StanceEndorses || v.Quote.Source.Publisher != "TIME" ||
		v.Quote.Source.Date != (bot.Date{Year: 2023, Month: 3, Day: 29}) {
		t.Errorf("view = %+v", v)
	}
	if views[1].Stance != nil {
		t.Errorf("quote without a stance has stance %+v", views[1].Stance)
	}
	if none, err := db.QuoteViews(ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("QuoteViews(nil) = %v, %v", none, err)
	}
}

func TestChangesAndQuotesSince(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds := smallDataset()
	mustImport(t, db, ds)
	all, err := db.ChangesSince(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	total := int64(len(all))
	if total != mustVersion(t, db) {
		t.Fatalf("%d changes, Version %d", total, mustVersion(t, db))
	}
	for i, c := range all {
		if c.Seq != int64(i+1) || c.RecordedAt.IsZero() {
			t.Errorf("change %d = %+v", i, c)
		}
	}
	page, err := db.ChangesSince(ctx, 3, 4)
	if err != nil || len(page) != 4 || page[0].Seq != 4 || page[3].Seq != 7 {
		t.Errorf("ChangesSince(3, 4) = %+v, %v", page, err)
	}
	if tail, err := db.ChangesSince(ctx, total, 10); err != nil || len(tail) != 0 {
		t.Errorf("ChangesSince(version) = %+v, %v", tail, err)
	}

	quotes, err := db.QuotesSince(ctx, 0, 0)
	if err != nil || len(quotes) != len(ds.Quotes) {
		t.Fatalf("QuotesSince(0) = %d quotes, %v", len(quotes), err)
	}
	for i, q := range quotes {
		if q.Quote.ID != ds.Quotes[i].ID || (i > 0 && q.Seq <= quotes[i-1].Seq) {
			t.Errorf("quote %d = %s seq %d, want import order", i, q.Quote.ID, q.Seq)
		}
	}
	// A changed quote moves to the end, with its new seq.
	changed := ds.Quotes[0]
	changed.Context = "Pinned tweet"
	mustImport(t, db, bot.Dataset{Quotes: []bot.Quote{changed}})
	since, err := db.QuotesSince(ctx, quotes[len(quotes)-1].Seq, 1)
	if err != nil || len(since) != 1 || since[0].Quote.ID != changed.ID || since[0].Seq != mustVersion(t, db) ||
		since[0].Quote.Context != "Pinned tweet" {
		t.Errorf("QuotesSince after a change = %+v, %v", since, err)
	}
	two, err := db.QuotesSince(ctx, 0, 2)
	if err != nil || len(two) != 2 || two[0].Quote.ID != ds.Quotes[1].ID {
		t.Errorf("QuotesSince(0, 2) = %+v, %v", two, err)
	}
}

func TestCatalog(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	c, err := db.Catalog(ctx)
	if err != nil || c.Version != 0 || len(c.Strategies)+len(c.People) != 0 {
		t.Fatalf("empty catalog = %+v, %v", c, err)
	}
	mustImport(t, db, smallDataset())
	c, err = db.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != mustVersion(t, db) || len(c.Strategies) != 3 || len(c.People) != 4 ||
		c.Strategies[0].ID != "compute-governance" || c.People[0].ID != "andrew-ng" ||
		strings.Join(c.People[1].Aliases, "|") != "@ESYudkowsky|Big Yud" {
		t.Errorf("catalog = %+v", c)
	}
	// A later import shows in the next catalog.
	mustImport(t, db, bot.Dataset{People: []bot.Person{{ID: "aaron", Name: "Aaron"}}})
	c2, err := db.Catalog(ctx)
	if err != nil || len(c2.People) != 5 || c2.People[0].ID != "aaron" || c2.Version != c.Version+1 {
		t.Errorf("catalog after import = %d people, version %d, %v", len(c2.People), c2.Version, err)
	}
	// It is kept until the next import: read into a slice of its size.
	if cap(c2.People) != len(c2.People) {
		t.Errorf("catalog of %d people keeps room for %d", len(c2.People), cap(c2.People))
	}
}

// TestQuoteIDs: PersonQuoteIDs and StrategyQuoteIDs give the ids of the
// quotes PersonReport and StrategyQuotes read whole, by id, current ones
// only.
func TestQuoteIDs(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds := smallDataset()
	ds.Quotes = append(ds.Quotes,
		quote("yann-lecun", "compute-governance", "Count the chips.", bot.FidelityLoose, bot.Source{Type: "talk"}),
		quote("yann-lecun", "compute-governance", "License the clusters.", bot.FidelityLoose, bot.Source{Type: "talk"}))
	opts := bot.ImportOptions{Source: "atlas", Revision: "c1", Snapshot: true}
	if _, err := db.ImportFrom(ctx, ds, opts); err != nil {
		t.Fatal(err)
	}
	gone := ds.Quotes[len(ds.Quotes)-1]
	ds.Quotes = ds.Quotes[:len(ds.Quotes)-1]
	opts.Revision = "c2"
	if rep, err := db.ImportFrom(ctx, ds, opts); err != nil || rep.Retracted.Quotes != 1 {
		t.Fatalf("retract %s: %+v, %v", gone.ID, rep, err)
	}
	ids := func(qs []bot.Quote, keep func(bot.Quote) bool) []string {
		out := []string{}
		for _, q := range qs {
			if keep(q) {
				out = append(out, q.ID)
			}
		}
		slices.Sort(out)
		return out
	}
	all := func(bot.Quote) bool { return true }
	for _, tc := range []struct {
		person string
		on     []string
	}{
		{"yann-lecun", nil},
		{"yann-lecun", []string{"compute-governance"}},
		{"yann-lecun", []string{"open-source", "compute-governance", "no-such-strategy"}},
		{"yann-lecun", []string{"pause"}},
		{"yann-lecun", []string{}},
		{"joelle-pineau", nil},
	} {
		whole, err := db.PersonReport(ctx, tc.person, 0, math.MaxInt)
		if err != nil {
			t.Fatal(err)
		}
		want := ids(whole.Quotes, func(q bot.Quote) bool { return tc.on == nil || slices.Contains(tc.on, q.StrategyID) })
		got, err := db.PersonQuoteIDs(ctx, tc.person, tc.on)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("PersonQuoteIDs(%s, %q) = %v, %v; want %v", tc.person, tc.on, got, err, want)
		}
	}
	for _, s := range []string{"open-source", "compute-governance", "pause"} {
		whole, err := db.StrategyQuotes(ctx, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.StrategyQuoteIDs(ctx, s)
		if want := ids(whole, all); err != nil || !slices.Equal(got, want) || slices.Contains(got, gone.ID) {
			t.Errorf("StrategyQuoteIDs(%s) = %v, %v; want %v", s, got, err, want)
		}
	}
	// Each read is one range of an index (sorted after: a person's or a strategy's few ids).
	for _, tc := range []struct {
		query, want string
		args        []any
	}{
		{personQuoteIDsQuery, "COVERING INDEX quotes_person_page", []any{"yann-lecun"}},
		{personOnIDsQuery, "PRIMARY KEY (strategy_id=? AND person_id=?)", []any{"yann-lecun", `["open-source"]`}},
		{strategyQuoteIDsQuery, "PRIMARY KEY (strategy_id=?)", []any{"open-source"}},
	} {
		if plan := queryPlan(t, db, tc.query, tc.args...); !strings.Contains(plan, tc.want) || strings.Contains(plan, "SCAN q") {
			t.Errorf("plan of %s:\n%s\nwant %s", firstLine(tc.query), plan, tc.want)
		}
	}
	if _, err := db.PersonQuoteIDs(ctx, "nobody", nil); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("PersonQuoteIDs of a missing person: %v, want ENOTFOUND", err)
	}
	if _, err := db.StrategyQuoteIDs(ctx, "no-such-strategy"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("StrategyQuoteIDs of a missing strategy: %v, want ENOTFOUND", err)
	}
}

// TestStance reads single stances: held, none, retracted, and of a
// missing person or strategy.
func TestStance(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds := smallDataset()
	opts := bot.ImportOptions{Source: "atlas", Revision: "c1", Snapshot: true}
	if _, err := db.ImportFrom(ctx, ds, opts); err != nil {
		t.Fatal(err)
	}
	gone := ds.Stances[0] // yann-lecun on open-source
	ds.Stances = ds.Stances[1:]
	opts.Revision = "c2"
	if rep, err := db.ImportFrom(ctx, ds, opts); err != nil || rep.Retracted.Stances != 1 {
		t.Fatalf("retract %s/%s: %+v, %v", gone.PersonID, gone.StrategyID, rep, err)
	}
	rep, err := db.PersonReport(ctx, "joelle-pineau", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.Stances {
		got, err := db.Stance(ctx, "joelle-pineau", s.Strategy.ID)
		if err != nil || got == nil || !reflect.DeepEqual(*got, s.Stance) {
			t.Errorf("Stance(joelle-pineau, %s) = %+v, %v; want %+v", s.Strategy.ID, got, err, s.Stance)
		}
	}
	for _, tc := range []struct{ person, strategy string }{
		{"yann-lecun", "pause"},          // none
		{gone.PersonID, gone.StrategyID}, // retracted
	} {
		if got, err := db.Stance(ctx, tc.person, tc.strategy); err != nil || got != nil {
			t.Errorf("Stance(%s, %s) = %+v, %v; want none", tc.person, tc.strategy, got, err)
		}
	}
	if _, err := db.Stance(ctx, "nobody", "pause"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("Stance of a missing person: %v, want ENOTFOUND", err)
	}
	if _, err := db.Stance(ctx, "yann-lecun", "no-such-strategy"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("Stance on a missing strategy: %v, want ENOTFOUND", err)
	}
}
