package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	. "github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

func TestPerson(t *testing.T) {
	// Yoshua Bengio's stances are recorded on 2025-03-01, mixed on open
	// source; on 2026-11-21 he opposes it and his summary on pause changes.
	now := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	before := testDataset()
	for i, s := range before.Stances {
		switch {
		case s.PersonID == "yoshua-bengio" && s.StrategyID == "open-source":
			before.Stances[i].Kind = StanceMixed
		case s.PersonID == "yoshua-bengio" && s.StrategyID == "pause":
			before.Stances[i].Summary = "Supports a pause."
		}
	}
	db := realdata.Store(t, "", func() time.Time { return now }, before)
	now = time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)
	if _, err := db.Import(context.Background(), testDataset()); err != nil {
		t.Fatal(err)
	}
	b, _ := newBot(t, db, Options{})
	r := b.HandleLine(context.Background(), "/person yoshua BENGIO", Request{})
	if r.Error != "" || len(r.Cards) != 2 {
		t.Fatalf("reply %+v", r)
	}
	c := r.Cards[0]
	for name, want := range map[string]string{
		"Expertise":   "Deep technical",
		"Recognition": "Household name",
		"Vintage":     "Symbolic era",
		"p(doom)":     "20% — interview",
		"Stances (2)": "opposes Open source\n  Open weights of frontier models are too risky.\nendorses Pause frontier training\n  Signed the pause letter.",
		// The store records every stance as it is first imported, in import
		// order; its own times are labelled as its own, never as the stance's.
		"Stance history (as recorded here)": "Open source: mixed · recorded here on 2025-03-01\n" +
			"Pause frontier training: endorses · recorded here on 2025-03-01\n" +
			"Open source: mixed → opposes · recorded here on 2026-11-21\n" +
			"Pause frontier training: endorses, summary updated · recorded here on 2026-11-21",
	} {
		if got := fieldValue(c, name); got != want {
			t.Errorf("field %s = %q, want %q", name, got, want)
		}
	}
	q := r.Cards[1].Quotes
	if len(q) != 1 || q[0].Stance != StanceOpposes || q[0].Strategy != "Open source" || q[0].Context != "Testimony to the US Senate." {
		t.Errorf("quote cards: %+v", q)
	}

	r = b.HandleLine(context.Background(), "/person thom_wolf", Request{})
	c = r.Cards[0]
	for name, want := range map[string]string{"Tiers": "tiers not in this export", "Vintage": "unknown", "p(doom)": "none on record"} {
		if got := fieldValue(c, name); got != want {
			t.Errorf("Thomas Wolf: field %s = %q, want %q", name, got, want)
		}
	}
	// His one stance was recorded when it was first imported, and never changed.
	if c.Text != "Also known as: @Thom_Wolf" || fieldValue(c, "Stance history") != "Open source: endorses · recorded here on 2025-03-01" {
		t.Errorf("Thomas Wolf's card: %+v", c)
	}
}

func TestStrategiesAndHelp(t *testing.T) {
	fs := newCountingStore(realdata.Store(t, "", nil, testDataset()))
	b, _ := newBot(t, fs, Options{})
	r := b.HandleLine(context.Background(), "/strategies", Request{})
	if r.Error != "" || len(r.Cards) != 1 {
		t.Fatalf("reply %+v", r)
	}
	if got := fieldValue(r.Cards[0], "Open source"); !strings.HasPrefix(got, "6 endorsers · 1 opposer\n") {
		t.Errorf("open source: %q", got)
	}
	if got := fieldValue(r.Cards[0], "Pause"); !strings.HasPrefix(got, "2 endorsers · no opposers yet\n") {
		t.Errorf("pause: %q", got)
	}
	before := fs.callCount("StrategyReport")
	b.HandleLine(context.Background(), "/strategies", Request{})
	if fs.callCount("StrategyReport") != before {
		t.Errorf("the counts were not cached for the catalog version")
	}

	r = b.HandleLine(context.Background(), "/help", Request{})
	if r.Visibility != Ephemeral || len(r.Cards[0].Fields) != len(b.Commands()) {
		t.Fatalf("help: %+v", r)
	}
	for _, c := range b.Commands() {
		if got := fieldValue(r.Cards[0], "/"+c.Name); !strings.Contains(got, c.Description) {
			t.Errorf("help lacks %s: %q", c.Name, got)
		}
	}
	r = b.HandleLine(context.Background(), "/help /whoendorses", Request{})
	if r.Cards[0].Title != "/whoendorses <strategy> [stance:endorses|opposes|mixed|conditional|evolved-toward|evolved-away] [page:N]" {
		t.Errorf("help whoendorses title %q", r.Cards[0].Title)
	}
	if r = b.HandleLine(context.Background(), "/help nope", Request{}); r.Error != EINVALID {
		t.Errorf("help nope: %+v", r)
	}
}

func TestRegistry(t *testing.T) {
	b, _ := communityBot(t, Options{}) // every command
	for _, c := range b.Commands() {
		if len(c.Description) > 100 || c.Description == "" {
			t.Errorf("%s: description of %d bytes", c.Name, len(c.Description))
		}
		if len(c.Options) > 25 { // Discord's limit
			t.Errorf("%s has %d options", c.Name, len(c.Options))
		}
		rest := 0
		for _, o := range c.Options {
			if len(o.Description) > 100 || o.Description == "" {
				t.Errorf("%s %s: description of %d bytes", c.Name, o.Name, len(o.Description))
			}
			if o.Rest {
				rest++
			}
		}
		if rest > 1 {
			t.Errorf("%s has %d rest options", c.Name, rest)
		}
		for _, e := range c.Examples {
			req, err := b.ParseCommandLine(e)
			if err != nil || req.Command != c.Name {
				t.Errorf("example %q: %v", e, err)
			}
		}
	}
	help, ok := b.Command("help")
	if !ok {
		t.Fatal("no /help")
	}
	if err := b.Register(Command{Name: "help", Run: help.Run}); err == nil {
		t.Error("registering a second /help succeeded")
	}
}

// TestPersonBoardProfile checks that /person shows what the board records
// of a person, says who says a person is unprofiled, dates a stance only
// by its source and shows a retracted position in the history.
func TestPersonBoardProfile(t *testing.T) {
	ctx := context.Background()
	ds := testDataset()
	t0 := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	for i := range ds.People {
		p := &ds.People[i]
		switch p.ID {
		case "yann-lecun":
			p.Tagline, p.Summary = "Turing laureate", "Argues open research makes AI safe."
			p.ProfileNotes = ProfileNotes{Expertise: "Built convolutional nets", Recognition: "Turing Award"}
			p.Affiliations = []Affiliation{{Org: "Meta", Role: "Chief AI Scientist", Start: "2013", Current: true}, {Org: "NYU"}}
			p.PDoomClaims = []PDoomClaim{{Low: 0, High: 1, Definition: "extinction", Date: Date{Year: 2024},
				Source: Source{Type: "interview", Title: "On risk", URL: "https://x.example/1"}}}
			p.Timelines = []TimelineClaim{{Milestone: "AGI", RangeFrom: 2030, RangeTo: 2040, Probability: 50}}
			p.Homepage, p.Twitter, p.LastUpdated = "https://yann.example", "@ylecun", Date{Year: 2026, Month: 4}
		case "ada-cannon":
			p.Unprofiled = true
		}
	}
	for i := range ds.Stances {
		if ds.Stances[i].PersonID == "yann-lecun" {
			ds.Stances[i].SourceTime = t0
		}
	}
	db := realdata.Store(t, "", nil)
	opts := ImportOptions{Source: "atlas", Revision: "c1", Snapshot: true}
	if _, err := db.ImportFrom(ctx, ds, opts); err != nil {
		t.Fatal(err)
	}
	next := ds
	next.Stances = nil
	for _, s := range ds.Stances {
		if s.PersonID != "yoshua-bengio" || s.StrategyID != "pause" {
			next.Stances = append(next.Stances, s)
		}
	}
	opts.Revision = "c2"
	if _, err := db.ImportFrom(ctx, next, opts); err != nil {
		t.Fatal(err)
	}
	b, _ := newBot(t, db, Options{})
	c := b.HandleLine(ctx, "/person yann lecun", Request{}).Cards[0]
	for name, want := range map[string]string{
		"About (the board's summary)":         "Argues open research makes AI safe.",
		"p(doom)":                             "0–1% (extinction) — 2024, interview, On risk, https://x.example/1",
		"Why these tiers (the board's notes)": "Expertise: Built convolutional nets\nRecognition: Turing Award",
		"Timeline forecasts":                  "AGI: 2030–2040, 50%",
		"Affiliations":                        "Meta, Chief AI Scientist (2013–, current)\nNYU",
		"Links":                               "Homepage: https://yann.example\nX: @ylecun",
		"Last updated on the board":           "2026-04",
		"Stances (1)":                         "endorses Open source (on the board since 2025-06-01)\n  Pushed Meta toward open weights.",
	} {
		if got := fieldValue(c, name); got != want {
			t.Errorf("LeCun: field %s = %q, want %q", name, got, want)
		}
	}
	if c.Text != "Turing laureate" {
		t.Errorf("LeCun: text %q", c.Text)
	}
	if got := fieldValue(b.HandleLine(ctx, "/person ada rose cannon", Request{}).Cards[0], "Tiers"); got != "not profiled on the board" {
		t.Errorf("Cannon: tiers %q", got)
	}
	c = b.HandleLine(ctx, "/person yoshua bengio", Request{}).Cards[0]
	if got, want := fieldValue(c, "Stance history"), "Pause frontier training: endorses, retracted by its source at revision c2 · recorded here on 2026-11-22"; !strings.HasSuffix(got, want) {
		t.Errorf("Bengio: history %q, want it to end with %q", got, want)
	}
	if got := fieldValue(c, "Stances (1)"); !strings.HasPrefix(got, "opposes Open source") {
		t.Errorf("Bengio: stances %q, want only open source", got)
	}
}

// TestPersonReadsOneSnapshot: an import that lands while /person reads
// does not make the card's count and its page of quotes disagree.
func TestPersonReadsOneSnapshot(t *testing.T) {
	ds := testDataset()
	for i := range 6 { // Yoshua Bengio: 7 quotes, two pages
		text := fmt.Sprintf("Older remark %d.", i)
		ds.Quotes = append(ds.Quotes, Quote{ID: QuoteID("yoshua-bengio", "open-source", text), PersonID: "yoshua-bengio",
			StrategyID: "open-source", Text: text, Fidelity: FidelityDirect, Source: Source{Date: Date{Year: 2001 + i}}})
	}
	db := realdata.Store(t, "", nil, ds)
	text := "The newest remark."
	late := Quote{ID: QuoteID("yoshua-bengio", "open-source", text), PersonID: "yoshua-bengio",
		StrategyID: "open-source", Text: text, Fidelity: FidelityDirect, Source: Source{Date: Date{Year: 2030}}}
	moved := false
	st := movingStore{DB: db, afterReport: func() {
		if moved {
			return
		}
		moved = true
		if rep, err := db.Import(context.Background(), Dataset{Quotes: []Quote{late}}); err != nil || rep.Added.Quotes != 1 {
			t.Errorf("moving the store: %+v, %v", rep, err)
		}
	}}
	b, _ := newBot(t, st, Options{})
	r := b.HandleLine(context.Background(), "/person yoshua-bengio", Request{})
	if r.Error != "" || len(r.Cards) != 2 {
		t.Fatalf("reply %+v", r)
	}
	qc := r.Cards[1]
	if qc.Subtitle != "1–6 of 7" || r.Pages != 2 {
		t.Errorf("quote card %q, %d pages; want 1–6 of 7 on 2 pages", qc.Subtitle, r.Pages)
	}
	for _, q := range qc.Quotes {
		if q.QuoteID == late.ID {
			t.Errorf("the page shows %s, imported after the count of 7 was read", late.ID)
		}
	}
	if !moved {
		t.Error("the store did not move")
	}
	// Page 2 of the 8 quotes now stored: the oldest, then the undated one.
	r = b.HandleLine(context.Background(), "/person yoshua-bengio page:2", Request{})
	if r.Error != "" || len(r.Cards) != 1 || r.Cards[0].Subtitle != "7–8 of 8" || len(r.Cards[0].Quotes) != 2 {
		t.Fatalf("page 2: %+v", r)
	}
	if got, want := r.Cards[0].Quotes[0].QuoteID, ds.Quotes[len(ds.Quotes)-6].ID; got != want {
		t.Errorf("page 2 starts with %s, want %s (Older remark 0)", got, want)
	}
}
