package atlas

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/atlas/atlastest"
	"github.com/stancebot/stancebot/bot"
)

// readFixture reads the dataset of one commit of the fixture repository at dir.
func readFixture(t testing.TB, dir, rev string) (bot.Dataset, []string) {
	t.Helper()
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Resolve(rev)
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Read(context.Background(), c, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return b.Dataset()
}

func TestReadFixtureBareAndWorkingTree(t *testing.T) {
	for _, bare := range []bool{false, true} {
		dir := atlastest.Repo(t, bare, atlastest.V1())
		ds, warnings := readFixture(t, dir, "")
		if len(warnings) > 0 {
			t.Errorf("bare=%v: warnings %q", bare, warnings)
		}
		var ids []string
		for _, p := range ds.People {
			ids = append(ids, p.ID)
		}
		// base people first, then the barrel's two chunks in order
		if want := []string{"ada-quill", "bo-ren", "cy-dorn", "clem-delangue"}; !slices.Equal(ids, want) {
			t.Errorf("bare=%v: people %q, want the board's order %q", bare, ids, want)
		}
		if len(ds.Strategies) != 3 || len(ds.Canonical) != 2 || len(ds.Stances) != 6 || len(ds.Quotes) != 6 {
			t.Errorf("bare=%v: %d strategies, %d canonical, %d stances, %d quotes; want 3, 2, 6, 6",
				bare, len(ds.Strategies), len(ds.Canonical), len(ds.Stances), len(ds.Quotes))
		}
	}
}

func TestReadFixtureConversion(t *testing.T) {
	ds, _ := readFixture(t, atlastest.Repo(t, true, atlastest.V1()), "")
	if want := (bot.Board{Name: "AGI Strategies", ProfiledTotal: 2}); ds.Board == nil || *ds.Board != want {
		t.Errorf("board %+v, want %+v", ds.Board, want)
	}
	wantStrategies := []bot.Strategy{
		{ID: "pause", Name: "Pause", Summary: "Halt frontier training until alignment catches up", Aliases: []string{"moratorium"}, CanonicalID: "pause"},
		{ID: "open-source-maximalism", Name: "Open source", Summary: "Release weights widely; transparency beats closed safety", Aliases: []string{"open weights"}, CanonicalID: "open-source-maximalism"},
		{ID: "rsp-style", Name: "RSP-style commitments", Summary: "Labs commit to capability-tied safety"},
	}
	if !reflect.DeepEqual(ds.Strategies, wantStrategies) {
		t.Errorf("strategies\n got %+v\nwant %+v", ds.Strategies, wantStrategies)
	}
	wantCanonical := bot.CanonicalStrategy{ID: "pause", Name: "Pause", Bet: "Time is the constraint.", Mechanism: "Halt training.",
		ConflictsWith: []string{"open-source-maximalism"}, ComplementsWith: []string{}}
	if !reflect.DeepEqual(ds.Canonical[0], wantCanonical) {
		t.Errorf("canonical %+v, want %+v", ds.Canonical[0], wantCanonical)
	}

	ada := bot.Person{
		ID: "ada-quill", Name: "Ada Quill", Role: "Fixture lab founder", Tagline: "Fixture lab founder",
		Summary: "A fixture person who builds frontier systems.", Categories: []string{"founder", "researcher"},
		Affiliations: []bot.Affiliation{{Org: "Quill Labs", Role: "CEO", Start: "2019", Current: true}},
		Homepage:     "https://example.org/ada", Twitter: "adaquill", LastUpdated: bot.Date{Year: 2026, Month: 4, Day: 24},
		Expertise: bot.ExpertiseFrontierBuilder, Recognition: bot.RecognitionFieldLeading, Vintage: bot.VintageScalingEra,
		ProfileNotes: bot.ProfileNotes{Expertise: "Trained two fixture models.", Recognition: "Cited across the fixture field.", Vintage: "Founded Quill Labs in 2019."},
		PDoomClaims: []bot.PDoomClaim{{Low: 10, High: 20, Definition: "extinction by 2100", Date: bot.Date{Year: 2024, Month: 5},
			Source: bot.Source{Type: "podcast", Title: "Fixture podcast", URL: "https://example.org/pod", Publisher: "Fixture FM"}}},
		Timelines: []bot.TimelineClaim{{Milestone: "AGI", RangeFrom: 2030, RangeTo: 2035, Probability: 50, Date: bot.Date{Year: 2024},
			Source: bot.Source{Type: "blog", Title: "Fixture post", URL: "https://example.org/post"}}},
		Profiled: true, Order: 1,
	}
	if !reflect.DeepEqual(ds.People[0], ada) {
		t.Errorf("person\n got %+v\nwant %+v", ds.People[0], ada)
	}
	// a profile override with the board's own slugs for external-domain and deep-learning
	cy := ds.People[2]
	if cy.Expertise != bot.ExpertiseExternalExpert || cy.Recognition != bot.RecognitionEstablished ||
		cy.Vintage != bot.VintageDeepLearningRise || !cy.Profiled || cy.ProfileNotes.Vintage != "Wrote on AlexNet in 2012." {
		t.Errorf("cy-dorn's profile from the overrides: %+v", cy)
	}
	if bo := ds.People[1]; bo.Profiled || !bo.Unprofiled || bo.Expertise != "" || bo.Role != "" || bo.Order != 2 {
		t.Errorf("bo-ren has no profile and no tagline: %+v", bo)
	}

	wantStances := []bot.Stance{
		{PersonID: "ada-quill", StrategyID: "pause", Kind: bot.StanceEndorses, Summary: "Argues a pause buys time for alignment.", Order: 1},
		{PersonID: "ada-quill", StrategyID: "open-source-maximalism", Kind: bot.StanceEvolvedAway, Summary: "Once released weights; now thinks frontier weights should stay closed.", Order: 2},
		{PersonID: "bo-ren", StrategyID: "open-source-maximalism", Kind: bot.StanceEndorses, Tentative: true, Summary: "Mentions open models in passing.", Order: 1},
		{PersonID: "cy-dorn", StrategyID: "pause", Kind: bot.StanceMixed, Summary: "Sympathetic to a pause but doubts it holds.", Order: 1},
		{PersonID: "cy-dorn", StrategyID: "rsp-style", Kind: bot.StanceConditional, Summary: "Supports commitments if audited.", Order: 2},
		{PersonID: "clem-delangue", StrategyID: "open-source-maximalism", Kind: bot.StanceEndorses, Summary: "Argues open models are safer.", Order: 1},
	}
	if !reflect.DeepEqual(ds.Stances, wantStances) {
		t.Errorf("stances\n got %+v\nwant %+v", ds.Stances, wantStances)
	}

	wantFirst := bot.Quote{
		ID: bot.QuoteID("ada-quill", "pause", "We should stop and think."), PersonID: "ada-quill", StrategyID: "pause",
		Text: "We should stop and think.", Fidelity: bot.FidelityDirect, Date: bot.Date{Year: 2024, Month: 3, Day: 1}, Context: "On a panel.",
		Source: bot.Source{Type: "video", Title: "Fixture talk", Publisher: "Fixture Conf", Date: bot.Date{Year: 2024, Month: 3, Day: 1},
			URL: "https://example.org/talk", ArchiveURL: "https://archive.example.org/talk", VideoID: "abc123", VideoPlatform: "youtube", StartSeconds: 95},
	}
	if !reflect.DeepEqual(ds.Quotes[0], wantFirst) {
		t.Errorf("quote\n got %+v\nwant %+v", ds.Quotes[0], wantFirst)
	}
	var fids []bot.Fidelity
	for _, q := range ds.Quotes {
		fids = append(fids, q.Fidelity)
	}
	// in the board's order: each person's positions, each position's quotes
	wantFids := []bot.Fidelity{bot.FidelityDirect, bot.FidelityFaithful, bot.FidelitySummary, bot.FidelityLoose, bot.FidelityDirect, bot.FidelityDirect}
	if !slices.Equal(fids, wantFids) {
		t.Errorf("fidelities %q, want %q", fids, wantFids)
	}
}

func TestReadRevision(t *testing.T) {
	dir := atlastest.Repo(t, true, atlastest.V1(), atlastest.V2())
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := r.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	first, err := r.Resolve(head.ID + "~1")
	if err != nil {
		t.Fatal(err)
	}
	if !first.Time.Equal(atlastest.Time) || !head.Time.Equal(atlastest.Time.AddDate(0, 0, 1)) {
		t.Errorf("commit times %s, %s", first.Time, head.Time)
	}
	// an abbreviated id reads the older commit straight from the object store
	v1, _ := readFixture(t, dir, first.ID[:10])
	v2, _ := readFixture(t, dir, "")
	if len(v1.Stances) != 6 || len(v2.Stances) != 6 || len(v1.Quotes) != 6 || len(v2.Quotes) != 6 {
		t.Errorf("v1 %d stances %d quotes, v2 %d stances %d quotes", len(v1.Stances), len(v1.Quotes), len(v2.Stances), len(v2.Quotes))
	}
	if _, err := r.Resolve("no-such-branch"); err == nil {
		t.Error("an unknown revision resolved")
	}
}

func TestBrokenModuleRefusedWithFileAndLine(t *testing.T) {
	tests := []struct {
		name, file, content string
		wantFile            string
		wantLine            int
		wantStage, wantText string
	}{
		{"syntax error", "src/data/people-a-02.ts", "export const people = [\n  { id: \"x\", \n  name: \n];\n",
			"src/data/people-a-02.ts", 4, "bundle", "Unexpected"},
		{"missing module", "src/data/people-a.ts", "import { people as c } from \"./people-a-03\";\nexport const people = [...c];\n",
			"src/data/people-a.ts", 1, "bundle", "people-a-03"},
		{"throws when evaluated", "src/data/profile-vintages.ts", "export const profileVintages = {};\n\nthrow new Error(\"fixture failure\");\n",
			"src/data/profile-vintages.ts", 3, "evaluate", "fixture failure"},
		{"not the board's types", "src/lib/strategy-tags.ts", "export const strategyTags = 42;\n",
			"", 0, "evaluate", "types"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := atlastest.V1()
			files[tt.file] = tt.content
			r, err := Open(atlastest.Repo(t, true, files))
			if err != nil {
				t.Fatal(err)
			}
			c, err := r.Resolve("")
			if err != nil {
				t.Fatal(err)
			}
			_, err = r.Read(context.Background(), c, Limits{})
			var me *ModuleError
			if !errors.As(err, &me) {
				t.Fatalf("error %v, want a *ModuleError", err)
			}
			if me.File != tt.wantFile || me.Line != tt.wantLine || me.Stage != tt.wantStage || !strings.Contains(me.Message, tt.wantText) {
				t.Errorf("got %s (file %q line %d stage %q), want %s:%d %s with %q", err, me.File, me.Line, me.Stage, tt.wantFile, tt.wantLine, tt.wantStage, tt.wantText)
			}
		})
	}
}

func TestEvaluationLimits(t *testing.T) {
	files := atlastest.V1()
	files["src/data/profile-vintages.ts"] = "export const profileVintages = {};\nwhile (true) {}\n"
	r, err := Open(atlastest.Repo(t, true, files))
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Read(context.Background(), c, Limits{Time: 200 * 1e6})
	var me *ModuleError
	if !errors.As(err, &me) || !strings.Contains(me.Message, "longer than") {
		t.Errorf("an endless loop: %v, want interrupted at the time limit", err)
	}

	files["src/data/profile-vintages.ts"] = "export const profileVintages = {};\nconst a = []; while (true) { a.push(new Array(1000).fill(1)); }\n"
	r, err = Open(atlastest.Repo(t, true, files))
	if err != nil {
		t.Fatal(err)
	}
	if c, err = r.Resolve(""); err != nil {
		t.Fatal(err)
	}
	_, err = r.Read(context.Background(), c, Limits{Memory: 64 << 20})
	if !errors.As(err, &me) || !strings.Contains(me.Message, "heap") {
		t.Errorf("an endless allocation: %v, want interrupted at the memory limit", err)
	}
}

// BenchmarkRead reads the fixture's head commit: bundle, evaluate, decode, convert.
func BenchmarkRead(b *testing.B) {
	r, err := Open(atlastest.Repo(b, true, atlastest.V1(), atlastest.V2()))
	if err != nil {
		b.Fatal(err)
	}
	c, err := r.Resolve("")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		board, err := r.Read(context.Background(), c, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		if ds, _ := board.Dataset(); len(ds.People) != 4 {
			b.Fatalf("%d people", len(ds.People))
		}
	}
}

func TestConvertProbabilities(t *testing.T) {
	one := func(v float64) *float64 { return &v }
	b := &Board{People: []Person{{ID: "p", Name: "P",
		PDoom:     []PDoomClaim{{Value: Range{0.46, 0.46}}, {Value: Range{0.5, 0.05}}, {Value: Range{12, 12}}},
		Timelines: []TimelineClaim{{Milestone: "AGI", Year: 2030, Probability: one(0.25)}, {Milestone: "ASI", Probability: one(50)}},
	}}}
	ds, warnings := b.Dataset()
	p := ds.People[0]
	if len(p.PDoomClaims) != 2 || p.PDoomClaims[0].Low != 46 || p.PDoomClaims[0].High != 46 ||
		p.PDoomClaims[1].Low != 5 || p.PDoomClaims[1].High != 50 {
		t.Errorf("p(doom) claims %+v: want 46 and the range 5-50, in percent", p.PDoomClaims)
	}
	if len(p.Timelines) != 2 || p.Timelines[0].Probability != 25 || p.Timelines[1].Probability != 0 {
		t.Errorf("timelines %+v: want 25%% and unstated", p.Timelines)
	}
	if len(warnings) != 2 || !strings.Contains(warnings[0], "p(doom) claim 3") || !strings.Contains(warnings[1], "timeline claim 2") {
		t.Errorf("warnings %q: want the p(doom) of 12 and the probability of 50", warnings)
	}
}
