package store

import (
	"context"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// boardDataset is smallDataset with everything the board records: profile,
// affiliations, claims, canonical strategies, tentative and evolved-away
// stances, video sources, stated aggregates.
func boardDataset() bot.Dataset {
	ds := smallDataset()
	t0 := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	ds.Canonical = []bot.CanonicalStrategy{
		{ID: "open-release", Name: "Open release", Bet: "Openness wins", Mechanism: "Release weights",
			ConflictsWith: []string{"global-pause"}, ComplementsWith: []string{"audits"}},
		{ID: "global-pause", Name: "Global pause"},
	}
	ds.Strategies[0].CanonicalID = "open-release"
	ds.Strategies[1].CanonicalID = "global-pause"
	p := &ds.People[0]
	p.Tagline, p.Summary, p.Categories = "Turing laureate", "Argues for open research.", []string{"researcher", "executive"}
	p.Homepage, p.Wikipedia, p.Twitter, p.LastUpdated = "https://yann.example", "https://en.wikipedia.org/wiki/Yann", "@ylecun", bot.Date{Year: 2026, Month: 4}
	p.ProfileNotes = bot.ProfileNotes{Expertise: "Built CNNs", Recognition: "Turing Award", Vintage: "1980s"}
	p.Affiliations = []bot.Affiliation{{Org: "Meta", Role: "Chief AI Scientist", Start: "2013", Current: true}, {Org: "NYU"}}
	p.PDoomClaims = append(p.PDoomClaims, bot.PDoomClaim{Low: 0, High: 1, Definition: "extinction", Date: bot.Date{Year: 2024},
		Source: bot.Source{Title: "Interview", URL: "https://x.example", VideoID: "yt1", VideoPlatform: "youtube", StartSeconds: 90}, SourceTime: t0})
	p.Timelines = []bot.TimelineClaim{{Milestone: "AGI", RangeFrom: 2030, RangeTo: 2040, Probability: 50, Source: bot.Source{Title: "Talk"}}}
	p.Order, p.SourceTime = 3, t0
	ds.People[2].Unprofiled = true
	ds.Stances[0].Tentative, ds.Stances[0].Order, ds.Stances[0].SourceTime = true, 2, t0
	ds.Stances = append(ds.Stances, bot.Stance{PersonID: "andrew-ng", StrategyID: "pause", Kind: bot.StanceEvolvedAway})
	q := &ds.Quotes[0]
	q.Date, q.SourceTime = bot.Date{Year: 2023, Month: 5}, t0
	q.Source.ArchiveURL, q.Source.VideoID, q.Source.VideoPlatform, q.Source.StartSeconds, q.Source.EndSeconds =
		"https://archive.example", "v", "vimeo", 3, 8
	ds.Stated = []bot.StatedAggregates{{StrategyID: "open-source", Source: "board export", StatedEndorsers: 3,
		Opposers: 0, ProfiledEndorsers: 2, QuotesByEndorsers: bot.NotStated, VintageAssigned: 1,
		PDoom:        &bot.StatedPDoom{Mean: 25, Median: 25, N: 2},
		ExpertiseMix: map[bot.Expertise]int{bot.ExpertiseFrontierBuilder: 2}, People: []string{"yann-lecun"},
		Unnamed: []bot.UnnamedCell{{Expertise: bot.ExpertiseFrontierBuilder, Recognition: bot.RecognitionFieldLeading, Count: 1}}}}
	return ds
}

func TestBoardDatasetRoundTrip(t *testing.T) {
	ds := boardDataset()
	a := openTest(t)
	mustImport(t, a, ds)
	first := mustExport(t, a)
	want := sortedLikeExport(ds)
	if !datasetsEqual(first, want) {
		t.Fatalf("Export differs from the imported dataset\n got %+v\nwant %+v", first, want)
	}
	if rep := mustImport(t, a, first); rep.Added.Total()+rep.Changed.Total() != 0 {
		t.Errorf("re-import of the export changed %+v", rep)
	}
	rep, err := a.StrategyReport(context.Background(), "open-source")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Stated == nil || rep.Stated.PDoom.N != 2 || rep.Stated.Unnamed[0].Count != 1 {
		t.Errorf("stated = %+v", rep.Stated)
	}
	for _, r := range rep.Related {
		// yann-lecun's open-source stance is tentative: he is no stated endorser.
		if r.Strategy.ID == "pause" && r.Declared != bot.RelationConflicts {
			t.Errorf("pause declared = %q, want conflicts", r.Declared)
		}
	}
}

func TestImportFromSnapshot(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ds := smallDataset()
	opts := bot.ImportOptions{Source: "atlas", Revision: "c1", SourceTime: t1, Snapshot: true}
	if _, err := db.ImportFrom(ctx, ds, opts); err != nil {
		t.Fatal(err)
	}
	exp := mustExport(t, db)
	for i, p := range exp.People {
		// Source order: the dataset's order, 1-based.
		want := 0
		for j, q := range ds.People {
			if q.ID == p.ID {
				want = j + 1
			}
		}
		if p.Order != want || !p.SourceTime.Equal(t1) {
			t.Errorf("person %d %s: order %d, source time %v; want %d, %v", i, p.ID, p.Order, p.SourceTime, want, t1)
		}
	}
	for _, s := range exp.Stances {
		if !s.SourceTime.Equal(t1) || s.Order == 0 {
			t.Errorf("stance %+v: want source time %v and an order", s, t1)
		}
	}

	// The next revision drops a stance and a quote.
	v := mustVersion(t, db)
	next := smallDataset()
	gone := next.Stances[0]
	goneQuote := next.Quotes[0]
	next.Stances, next.Quotes = next.Stances[1:], next.Quotes[1:]
	opts.Revision, opts.SourceTime = "c2", t1.Add(time.Hour)
	rep, err := db.ImportFrom(ctx, next, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Retracted.Stances != 1 || rep.Retracted.Quotes != 1 || rep.Added.Total()+rep.Changed.Total() != 0 {
		t.Errorf("report = %+v, want 1 stance and 1 quote retracted, nothing else", rep)
	}
	sr, err := db.StrategyReport(ctx, gone.StrategyID)
	if err != nil {
		t.Fatal(err)
	}
	for _, ps := range sr.Stances {
		if ps.Person.ID == gone.PersonID {
			t.Errorf("retracted stance still current: %+v", ps.Stance)
		}
	}
	views, err := db.QuoteViews(ctx, []string{goneQuote.ID})
	if err != nil || len(views) != 0 {
		t.Errorf("QuoteViews of a retracted quote = %v, %v", views, err)
	}
	if st, err := db.QuoteVerifications(ctx, []string{goneQuote.ID}); err != nil || len(st) != 0 {
		t.Errorf("QuoteVerifications of a retracted quote = %v, %v", st, err)
	}
	since, err := db.QuotesSince(ctx, v, 0)
	if err != nil || len(since) != 1 || since[0].Quote.ID != goneQuote.ID || !since[0].Retracted {
		t.Errorf("QuotesSince = %+v, %v; want the retracted quote, flagged", since, err)
	}
	pr, err := db.PersonReport(ctx, gone.PersonID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Their one quote left is on the retracted stance: counted as theirs,
	// but on no current stance.
	if pr.QuoteTotal != 1 {
		t.Errorf("%s has %d current quotes, want 1", gone.PersonID, pr.QuoteTotal)
	}
	cg, err := db.StrategyReport(ctx, "compute-governance")
	if err != nil {
		t.Fatal(err)
	}
	for _, ps := range cg.Stances {
		if ps.Person.ID == gone.PersonID && (ps.Quotes != 0 || ps.AllQuotes != 0) {
			t.Errorf("after the retraction %s has %d quotes on compute-governance, %d on all current stances; want 0, 0",
				gone.PersonID, ps.Quotes, ps.AllQuotes)
		}
	}
	last := pr.History[len(pr.History)-1]
	if last.Kind != bot.ChangeStanceRetracted || last.OldKind != gone.Kind || last.Revision != "c2" || last.StrategyID != gone.StrategyID {
		t.Errorf("last history entry = %+v", last)
	}
	if exp := mustExport(t, db); len(exp.Stances) != len(next.Stances) || len(exp.Quotes) != len(next.Quotes) {
		t.Errorf("export holds %d stances, %d quotes; want the current %d, %d", len(exp.Stances), len(exp.Quotes), len(next.Stances), len(next.Quotes))
	}
	// Again: the same revision records nothing.
	v = mustVersion(t, db)
	if rep, err := db.ImportFrom(ctx, next, opts); err != nil || rep.Added.Total()+rep.Changed.Total()+rep.Retracted.Total() != 0 {
		t.Errorf("second import = %+v, %v", rep, err)
	}
	if got := mustVersion(t, db); got != v {
		t.Errorf("re-importing the same revision moved the version from %d to %d", v, got)
	}
	// A curated import is no snapshot and retracts nothing; the source's
	// stance reappearing later is current again.
	if rep := mustImport(t, db, bot.Dataset{}); rep.Retracted.Total() != 0 {
		t.Errorf("curated import retracted %+v", rep.Retracted)
	}
	opts.Revision = "c3"
	rep, err = db.ImportFrom(ctx, smallDataset(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added.Stances != 1 || rep.Added.Quotes != 1 || rep.Retracted.Total() != 0 {
		t.Errorf("re-appearing: report %+v, want 1 stance and 1 quote added", rep)
	}
	if exp := mustExport(t, db); len(exp.Stances) != len(ds.Stances) {
		t.Errorf("after re-appearing: %d stances, want %d", len(exp.Stances), len(ds.Stances))
	}
}

// TestImportFromOtherSourceKeepsCurated checks that a snapshot retracts only
// its own source's rows: the curated ones stay; a source that imports a
// curated row holds it from then on, and a curated re-import leaves it so.
func TestImportFromOtherSourceKeepsCurated(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, smallDataset())
	snap := bot.ImportOptions{Source: "atlas", Revision: "c1", Snapshot: true}
	rep, err := db.ImportFrom(ctx, bot.Dataset{}, snap)
	if err != nil || rep.Retracted.Total() != 0 {
		t.Errorf("snapshot of an empty source = %+v, %v; want nothing retracted", rep, err)
	}
	held := smallDataset()
	held.Stances, held.Quotes, held.Stories = held.Stances[:1], held.Quotes[:1], nil
	if rep, err := db.ImportFrom(ctx, held, snap); err != nil || rep.Added.Total()+rep.Changed.Total()+rep.Retracted.Total() != 0 {
		t.Fatalf("the source importing curated rows as they are = %+v, %v; want nothing recorded", rep, err)
	}
	mustImport(t, db, smallDataset())
	held.Stances, held.Quotes = nil, nil
	snap.Revision = "c2"
	rep, err = db.ImportFrom(ctx, held, snap)
	if err != nil || rep.Retracted.Stances != 1 || rep.Retracted.Quotes != 1 {
		t.Errorf("the source dropping the rows it holds = %+v, %v; want 1 stance and 1 quote retracted", rep, err)
	}
}

// TestMigrateKeepsPDoom checks that 0003 turns the p(doom) of 0001 into a claim.
func TestMigrateKeepsPDoom(t *testing.T) {
	db := openAfterOlder(t, "0003_board.sql",
		`INSERT INTO people (id, name, role, expertise, recognition, vintage, pdoom_percent,
			pdoom_source, profiled, recorded_at, seq) VALUES ('a', 'A', '', '', '', '', 12.5, 'podcast', 0, '', 1),
			('b', 'B', '', '', '', '', NULL, '', 0, '', 2)`)
	exp := mustExport(t, db)
	want := []bot.PDoomClaim{{Low: 12.5, High: 12.5, Source: bot.Source{Title: "podcast"}}}
	if len(exp.People) != 2 || !equalPerson(exp.People[0], bot.Person{ID: "a", Name: "A", PDoomClaims: want}) ||
		exp.People[1].PDoomClaims != nil {
		t.Errorf("people after migration = %+v", exp.People)
	}
}
