package store

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
)

func TestImportCountsAndVersion(t *testing.T) {
	db := openTest(t)
	if v := mustVersion(t, db); v != 0 {
		t.Fatalf("empty store Version = %d, want 0", v)
	}
	ds := smallDataset()
	rep := mustImport(t, db, ds)
	want := bot.ImportCounts{Strategies: 3, People: 4, Stances: 9, Quotes: 4, Stories: 1, Board: 1}
	if rep.Added != want || rep.Changed != (bot.ImportCounts{}) {
		t.Errorf("first import = %+v, want Added %+v and nothing changed", rep, want)
	}
	if v := mustVersion(t, db); v != int64(want.Total()-want.Board) { // the board has no change row
		t.Errorf("Version = %d, want one change per entity but the board (%d)", v, want.Total()-want.Board)
	}
}

func TestReimportChangesNothing(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, smallDataset())
	v1 := mustVersion(t, db)
	before, err := db.StrategyReport(ctx, "open-source")
	if err != nil {
		t.Fatal(err)
	}

	rep := mustImport(t, db, smallDataset())
	if rep.Added.Total() != 0 || rep.Changed.Total() != 0 {
		t.Errorf("re-import = %+v, want nothing added or changed", rep)
	}
	if v2 := mustVersion(t, db); v2 != v1 {
		t.Errorf("Version after re-import = %d, want %d", v2, v1)
	}
	changes, err := db.ChangesSince(ctx, 0, 0)
	if err != nil || int64(len(changes)) != v1 {
		t.Errorf("ChangesSince(0) = %d changes (%v), want %d", len(changes), err, v1)
	}
	after, err := db.StrategyReport(ctx, "open-source")
	if err != nil {
		t.Fatal(err)
	}
	for i := range before.Stances {
		if !after.Stances[i].Stance.RecordedAt.Equal(before.Stances[i].Stance.RecordedAt) {
			t.Errorf("stance %d recorded_at moved on re-import", i)
		}
	}
	if !after.Strategy.RecordedAt.Equal(before.Strategy.RecordedAt) {
		t.Error("strategy recorded_at moved on re-import")
	}

	// nil and empty lists describe the same entity.
	ds := smallDataset()
	ds.Strategies[1].Aliases = []string{}
	ds.People[1].Aliases = []string{}
	if rep := mustImport(t, db, ds); rep.Changed.Total() != 0 {
		t.Errorf("empty alias lists changed %+v", rep.Changed)
	}
}

func TestStanceHistory(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, smallDataset())
	first, err := db.PersonReport(ctx, "joelle-pineau", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var firstAt time.Time
	for _, s := range first.Stances {
		if s.Strategy.ID == "open-source" {
			firstAt = s.Stance.RecordedAt
		}
	}
	v1 := mustVersion(t, db)

	changed := bot.Stance{PersonID: "joelle-pineau", StrategyID: "open-source", Kind: bot.StanceEvolvedToward,
		Summary: "Now argues for open release"}
	rep := mustImport(t, db, bot.Dataset{Stances: []bot.Stance{changed}})
	if rep.Changed.Stances != 1 || rep.Added.Total() != 0 {
		t.Fatalf("import of a changed stance = %+v", rep)
	}

	changes, err := db.ChangesSince(ctx, v1, 0)
	if err != nil || len(changes) != 1 {
		t.Fatalf("ChangesSince(%d) = %v, %v; want one change", v1, changes, err)
	}
	c := changes[0]
	if c.Seq != v1+1 || c.Kind != bot.ChangeStanceChanged || c.PersonID != "joelle-pineau" || c.StrategyID != "open-source" ||
		c.OldKind != bot.StanceMixed || c.OldSummary != "Open with care" || !c.OldRecordedAt.Equal(firstAt) ||
		c.NewKind != bot.StanceEvolvedToward || c.NewSummary != changed.Summary || !c.RecordedAt.After(firstAt) {
		t.Errorf("stance change = %+v", c)
	}

	pr, err := db.PersonReport(ctx, "joelle-pineau", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var hist []bot.Change
	for _, h := range pr.History {
		if h.StrategyID == "open-source" {
			hist = append(hist, h)
		}
	}
	if len(hist) != 2 || hist[0].Kind != bot.ChangeStanceNew || hist[0].OldKind != "" ||
		hist[0].NewKind != bot.StanceMixed || hist[1].Kind != bot.ChangeStanceChanged || hist[0].Seq >= hist[1].Seq {
		t.Errorf("history on open-source = %+v, want new(mixed) then changed", hist)
	}
	if len(pr.History) != 4 { // three first stances and the change
		t.Errorf("history has %d entries, want 4", len(pr.History))
	}
	for _, s := range pr.Stances {
		if s.Strategy.ID == "open-source" && (s.Stance.Kind != bot.StanceEvolvedToward || !s.Stance.RecordedAt.Equal(c.RecordedAt)) {
			t.Errorf("current stance = %+v, want the new one recorded at %v", s.Stance, c.RecordedAt)
		}
	}
}

func TestImportRecordsChangeKinds(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, smallDataset())
	v1 := mustVersion(t, db)

	ds := smallDataset()
	ds.Board = nil
	ds.Strategies[0].Aliases = []string{"open models", "open weights"} // reordered
	ds.People[2].Recognition = bot.RecognitionFieldLeading
	ds.Quotes[2].Context = "Senate hearing"
	ds.Stories[0].Replies = append(ds.Stories[0].Replies[:1:1], bot.StoryReply{Text: "a new reply"})
	rep := mustImport(t, db, ds)
	want := bot.ImportCounts{Strategies: 1, People: 1, Quotes: 1, Stories: 1}
	if rep.Changed != want || rep.Added.Total() != 0 {
		t.Errorf("import = %+v, want Changed %+v", rep, want)
	}
	changes, err := db.ChangesSince(ctx, v1, 0)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, c := range changes {
		kinds = append(kinds, string(c.Kind)+":"+c.StrategyID+c.PersonID+"/"+c.QuoteID)
	}
	wantKinds := []string{
		"strategy-changed:open-source/",
		"person-changed:joelle-pineau/",
		"quote-changed:open-sourceandrew-ng/" + ds.Quotes[2].ID,
		"story-new:open-sourceyann-lecun/" + ds.Stories[0].QuoteID,
	}
	if strings.Join(kinds, " ") != strings.Join(wantKinds, " ") {
		t.Errorf("changes = %v\nwant      %v", kinds, wantKinds)
	}

	got := mustExport(t, db)
	if a := got.Strategies[1].Aliases; strings.Join(a, "|") != "open models|open weights" { // sorted by id: compute-governance, open-source, pause
		t.Errorf("aliases = %v, want the new order", a)
	}
	if got.Board == nil || got.Board.ProfiledTotal != 248 {
		t.Errorf("board = %+v, want it left alone by a dataset without one", got.Board)
	}
	if r := got.Stories[0].Replies; len(r) != 2 || r[1].Text != "a new reply" {
		t.Errorf("story replies = %+v, want them replaced", r)
	}
}

func TestImportResolvesReferencesInStore(t *testing.T) {
	db := openTest(t)
	mustImport(t, db, smallDataset())
	// A stance and quote naming a person and strategy that only the store has.
	q := quote("andrew-ng", "pause", "No pause.", bot.FidelityLoose, bot.Source{Type: "blog"})
	rep := mustImport(t, db, bot.Dataset{
		Stances: []bot.Stance{{PersonID: "andrew-ng", StrategyID: "pause", Kind: bot.StanceOpposes}},
		Quotes:  []bot.Quote{q},
	})
	if rep.Added.Stances != 1 || rep.Added.Quotes != 1 {
		t.Errorf("import = %+v", rep)
	}
	// A quote id may be left for the store to derive.
	q2 := quote("andrew-ng", "pause", "Still no pause.", bot.FidelityLoose, bot.Source{})
	q2.ID = ""
	if rep := mustImport(t, db, bot.Dataset{Quotes: []bot.Quote{q2}}); rep.Added.Quotes != 1 {
		t.Errorf("import without id = %+v", rep)
	}
	views, err := db.QuoteViews(context.Background(), []string{bot.QuoteID("andrew-ng", "pause", "Still no pause.")})
	if err != nil || len(views) != 1 {
		t.Errorf("quote with derived id: %v, %v", views, err)
	}
}

func TestFailedImportLeavesStoreAsItWas(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, smallDataset())
	before := mustExport(t, db)
	v := mustVersion(t, db)
	related := func() []bot.CoEndorsement {
		rep, err := db.StrategyReport(ctx, "pause")
		if err != nil {
			t.Fatal(err)
		}
		return rep.Related
	}
	relatedBefore := related()

	bad := []struct {
		name, mention string
		ds            bot.Dataset
	}{
		{"stance on unknown strategy", "no-such-strategy", bot.Dataset{
			People:  []bot.Person{{ID: "new-person", Name: "New Person"}},
			Stances: []bot.Stance{{PersonID: "new-person", StrategyID: "no-such-strategy", Kind: bot.StanceEndorses}},
		}},
		{"quote by unknown person", "ghost", bot.Dataset{
			Strategies: []bot.Strategy{{ID: "open-source", Name: "Renamed"}},
			Quotes:     []bot.Quote{quote("ghost", "open-source", "Boo.", bot.FidelityDirect, bot.Source{})},
		}},
		{"story of unknown quote", "qmissing", bot.Dataset{
			Stances: []bot.Stance{{PersonID: "andrew-ng", StrategyID: "pause", Kind: bot.StanceEndorses}},
			Stories: []bot.Story{{ID: "s", Headline: "h", QuoteID: "qmissing"}},
		}},
	}
	for _, tc := range bad {
		_, err := db.Import(ctx, tc.ds)
		if bot.ErrorCode(err) != bot.EINVALID || !strings.Contains(bot.ErrorMessage(err), tc.mention) {
			t.Errorf("%s: err = %v, want EINVALID naming %q", tc.name, err, tc.mention)
		}
		if got := mustVersion(t, db); got != v {
			t.Errorf("%s: Version = %d, want %d", tc.name, got, v)
		}
		if after := mustExport(t, db); !datasetsEqual(after, before) {
			t.Errorf("%s: the store changed", tc.name)
		}
		if r := related(); !reflect.DeepEqual(r, relatedBefore) {
			t.Errorf("%s: co-endorsements changed to %+v", tc.name, r)
		}
	}
}

func TestImportValidation(t *testing.T) {
	db := openTest(t)
	mustImport(t, db, smallDataset())
	v := mustVersion(t, db)
	cases := map[string]func(ds *bot.Dataset){
		"unknown stance kind":        func(ds *bot.Dataset) { ds.Stances[0].Kind = "likes" },
		"unknown fidelity":           func(ds *bot.Dataset) { ds.Quotes[0].Fidelity = "verbatim" },
		"unknown expertise":          func(ds *bot.Dataset) { ds.People[0].Expertise = "genius" },
		"unknown recognition":        func(ds *bot.Dataset) { ds.People[0].Recognition = "famous" },
		"unknown vintage":            func(ds *bot.Dataset) { ds.People[0].Vintage = "bronze-age" },
		"p(doom) over 100":           func(ds *bot.Dataset) { ds.People[0].PDoomClaims = []bot.PDoomClaim{{Low: 10, High: 150}} },
		"p(doom) range reversed":     func(ds *bot.Dataset) { ds.People[0].PDoomClaims = []bot.PDoomClaim{{Low: 20, High: 10}} },
		"video without platform":     func(ds *bot.Dataset) { ds.Quotes[0].Source.VideoID = "abc" },
		"timeline without milestone": func(ds *bot.Dataset) { ds.People[0].Timelines = []bot.TimelineClaim{{Year: 2030}} },
		"stated mix of unknown tier": func(ds *bot.Dataset) {
			ds.Stated = []bot.StatedAggregates{{StrategyID: "open-source", ExpertiseMix: map[bot.Expertise]int{"genius": 1}}}
		},
		"stated for unknown strategy": func(ds *bot.Dataset) { ds.Stated = []bot.StatedAggregates{{StrategyID: "nope"}} },
		"canonical id not a slug":     func(ds *bot.Dataset) { ds.Canonical = []bot.CanonicalStrategy{{ID: "Open", Name: "Open"}} },
		"day without month":           func(ds *bot.Dataset) { ds.Quotes[0].Source.Date = bot.Date{Year: 2024, Day: 3} },
		"no such day":                 func(ds *bot.Dataset) { ds.Quotes[0].Source.Date = bot.Date{Year: 2023, Month: 2, Day: 29} },
		"id not a slug":               func(ds *bot.Dataset) { ds.Strategies[0].ID = "Open Source" },
		"person without name":         func(ds *bot.Dataset) { ds.People[0].Name = " " },
		"empty alias":                 func(ds *bot.Dataset) { ds.People[0].Aliases = []string{""} },
		"control in alias":            func(ds *bot.Dataset) { ds.People[0].Aliases = []string{"a\x1fb"} },
		"separator in quote":          func(ds *bot.Dataset) { ds.Quotes[0].Source.Title = "a\x1fb" },
		"separator in summary":        func(ds *bot.Dataset) { ds.Stances[0].Summary = "a\x1fb" },
		"quote id mismatch":           func(ds *bot.Dataset) { ds.Quotes[0].ID = "q000000000000000" },
		"quote without text":          func(ds *bot.Dataset) { ds.Quotes[0].Text = "" },
		"story without post":          func(ds *bot.Dataset) { ds.Stories[0].QuoteID = "" },
		"empty reply handle":          func(ds *bot.Dataset) { ds.Stories[0].Replies[0].To = []string{""} },
		"negative board total":        func(ds *bot.Dataset) { ds.Board.ProfiledTotal = -1 },
		"conflicting duplicates": func(ds *bot.Dataset) {
			dup := ds.People[0]
			dup.Role = "Something else"
			ds.People = append(ds.People, dup)
		},
	}
	for name, mutate := range cases {
		ds := smallDataset()
		mutate(&ds)
		if _, err := db.Import(context.Background(), ds); bot.ErrorCode(err) != bot.EINVALID {
			t.Errorf("%s: err = %v, want EINVALID", name, err)
		}
	}
	if got := mustVersion(t, db); got != v {
		t.Errorf("Version = %d after refused imports, want %d", got, v)
	}

	// Exact duplicates are one entity.
	ds := smallDataset()
	ds.People = append(ds.People, ds.People[0])
	ds.Quotes = append(ds.Quotes, ds.Quotes[0])
	if rep, err := db.Import(context.Background(), ds); err != nil || rep.Changed.Total()+rep.Added.Total() != 0 {
		t.Errorf("dataset with exact duplicates: %+v, %v", rep, err)
	}
}
