package bot_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	. "github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

// boardFixture is a small board, worked by hand in TestBoardRules. People
// are in the board's order (Order); name order differs from it on purpose.
//
//	open-source, stated endorsers in board order:
//	  1 lecun    endorses        frontier × household, deep-learning rise, p(doom) 0.1
//	  2 ng       endorses        deep × household, p(doom) range 10–20 (15)
//	  3 zuck     mixed           policy × household
//	  4 mostaque evolved-toward  commentator × field-leading, scaling era, p(doom) 50 then 90
//	  5 pineau   endorses        deep × field-leading
//	  8 wolf     endorses        unprofiled
//	 11 howard   conditional     deep × field-leading
//	tentative: cannon (unprofiled), russell (profiled); opposers: bengio opposes, hinton evolved away
func boardFixture() Dataset {
	person := func(order int, id, name string, e Expertise, r Recognition, v Vintage, pd ...PDoomClaim) Person {
		return Person{ID: id, Name: name, Order: order, Expertise: e, Recognition: r, Vintage: v, PDoomClaims: pd, Profiled: e != ""}
	}
	val := func(lo, hi float64) PDoomClaim { return PDoomClaim{Low: lo, High: hi} }
	stance := func(p, s string, order int, k StanceKind, tentative bool) Stance {
		return Stance{PersonID: p, StrategyID: s, Order: order, Kind: k, Tentative: tentative}
	}
	quote := func(p, s, text string) Quote {
		return Quote{ID: QuoteID(p, s, text), PersonID: p, StrategyID: s, Text: text, Fidelity: FidelityDirect}
	}
	return Dataset{
		Board: &Board{Name: "AGI Strategies", ProfiledTotal: 248},
		Canonical: []CanonicalStrategy{
			{ID: "open-release", Name: "Open release", ConflictsWith: []string{"global-pause"}},
			{ID: "global-pause", Name: "Global pause"},
			{ID: "audit-regime", Name: "Audit regime", ComplementsWith: []string{"open-release"}},
		},
		Strategies: []Strategy{
			{ID: "open-source", Name: "Open source", CanonicalID: "open-release"},
			{ID: "pause", Name: "Pause", CanonicalID: "global-pause"},
			{ID: "audits", Name: "Audits", CanonicalID: "audit-regime"},
			{ID: "compute", Name: "Compute governance"},
		},
		People: []Person{
			person(1, "lecun", "Yann LeCun", ExpertiseFrontierBuilder, RecognitionHouseholdName, VintageDeepLearningRise, val(0.1, 0.1)),
			person(2, "ng", "Andrew Ng", ExpertiseDeepTechnical, RecognitionHouseholdName, "", val(10, 20)),
			person(3, "zuck", "Mark Zuckerberg", ExpertisePolicyMeta, RecognitionHouseholdName, ""),
			person(4, "mostaque", "Emad Mostaque", ExpertiseCommentator, RecognitionFieldLeading, VintageScalingEra, val(50, 50), val(90, 90)),
			person(5, "pineau", "Joëlle Pineau", ExpertiseDeepTechnical, RecognitionFieldLeading, ""),
			person(6, "bengio", "Yoshua Bengio", ExpertiseDeepTechnical, RecognitionHouseholdName, "", val(50, 50)),
			person(7, "hinton", "Geoffrey Hinton", ExpertiseDeepTechnical, RecognitionHouseholdName, ""),
			person(8, "wolf", "Thomas Wolf", "", "", ""),
			person(9, "cannon", "Ada Rose Cannon", "", "", "", val(99, 99)),
			person(10, "russell", "Stuart Russell", ExpertiseExternalExpert, RecognitionEstablished, ""),
			person(11, "howard", "Jeremy Howard", ExpertiseDeepTechnical, RecognitionFieldLeading, ""),
		},
		Stances: []Stance{
			stance("lecun", "open-source", 1, StanceEndorses, false),
			stance("lecun", "audits", 2, StanceEndorses, false),
			stance("ng", "compute", 1, StanceEndorses, false),
			stance("ng", "open-source", 2, StanceEndorses, false),
			stance("ng", "audits", 3, StanceEndorses, false),
			stance("zuck", "open-source", 1, StanceMixed, false),
			stance("zuck", "compute", 2, StanceEndorses, true),
			stance("mostaque", "pause", 1, StanceEndorses, false),
			stance("mostaque", "open-source", 2, StanceEvolvedToward, false),
			stance("mostaque", "audits", 3, StanceEndorses, false),
			stance("pineau", "open-source", 1, StanceEndorses, false),
			stance("pineau", "pause", 2, StanceEndorses, false),
			stance("bengio", "open-source", 1, StanceOpposes, false),
			stance("hinton", "open-source", 1, StanceEvolvedAway, false),
			stance("wolf", "open-source", 1, StanceEndorses, false),
			stance("wolf", "audits", 2, StanceEndorses, false),
			stance("cannon", "open-source", 1, StanceEndorses, true),
			stance("russell", "open-source", 1, StanceMixed, true),
			stance("howard", "open-source", 1, StanceConditional, false),
			stance("howard", "pause", 2, StanceOpposes, false),
		},
		Quotes: []Quote{
			quote("lecun", "open-source", "Open is safer."), quote("lecun", "audits", "Audit the labs."),
			quote("ng", "open-source", "Regulate uses."), quote("ng", "open-source", "Open models help."),
			quote("zuck", "open-source", "Open source AI is the path forward."),
			quote("mostaque", "open-source", "Open models for everyone."),
			quote("pineau", "open-source", "Science is open."), quote("pineau", "pause", "Slow down."), quote("pineau", "pause", "Really."),
			quote("wolf", "open-source", "Open models make us resilient."),
			quote("cannon", "open-source", "The open web."),
			quote("bengio", "open-source", "Too risky."),
		},
	}
}

// TestBoardRules checks every number of the open-source card against the
// values worked out by hand from boardFixture.
func TestBoardRules(t *testing.T) {
	b, _, _ := newTestBot(t, boardFixture(), Options{})
	r := b.Handle(context.Background(), Request{Command: "whoendorses", Options: map[string]string{"strategy": "open-source"}})
	if r.Error != "" || r.Stats == nil {
		t.Fatalf("reply %+v", r)
	}
	want := StrategyStats{
		StatedEndorsers: 7, TentativeEndorsers: 2, Opposers: 2,
		// 6 profiled stated endorsers of 248: 2.42% rounds to 2.
		ProfiledEndorsers: 6, ProfiledTotal: 248, ProfiledSharePct: 2,
		// First claims: 0.1, 15 (the range's midpoint), 50: mean 21.7, median 15.
		PDoom: &PDoomStat{MeanPct: 22, MedianPct: 15, N: 3},
		// On open-source, by stated endorsers: 1+2+1+1+1+1+0.
		Quotes: 7,
		// Household: LeCun and Ng have 2 quotes on all positions, LeCun
		// first in board order; Zuckerberg 1. Field-leading: Pineau 3,
		// Mostaque 1, Howard 0.
		PrincipalVoices: []string{"Yann LeCun", "Andrew Ng", "Mark Zuckerberg", "Joëlle Pineau", "Emad Mostaque"},
		// audits: LeCun, Ng, Mostaque, Wolf (4 of 7: 57%); pause: Mostaque,
		// Pineau (2 of 7: 29%); compute: Ng only (Zuckerberg's is tentative).
		CoEndorsement: []CoEndorsementStat{
			{Strategy: "audits", Count: 4, SharePct: 57, Declared: RelationComplements},
			{Strategy: "pause", Count: 2, SharePct: 29, Declared: RelationConflicts},
		},
		Grid: []GridCellStat{
			{Expertise: ExpertiseFrontierBuilder, Recognition: RecognitionHouseholdName, Endorsers: []string{"Yann LeCun"}, Opposers: []string{}},
			{Expertise: ExpertiseDeepTechnical, Recognition: RecognitionHouseholdName, Endorsers: []string{"Andrew Ng"},
				Opposers: []string{"Yoshua Bengio", "Geoffrey Hinton"}},
			{Expertise: ExpertiseDeepTechnical, Recognition: RecognitionFieldLeading, Endorsers: []string{"Joëlle Pineau", "Jeremy Howard"}, Opposers: []string{}},
			{Expertise: ExpertisePolicyMeta, Recognition: RecognitionHouseholdName, Endorsers: []string{"Mark Zuckerberg"}, Opposers: []string{}},
			{Expertise: ExpertiseCommentator, Recognition: RecognitionFieldLeading, Endorsers: []string{"Emad Mostaque"}, Opposers: []string{}},
		},
		ExpertiseMix: map[string]int{"Builds frontier systems": 1, "Deep ML / safety technical": 3, "Applied or adjacent technical": 0,
			"Governance, policy, strategy": 1, "Expert in another field": 0, "Public-square commentator": 1},
		RecognitionMix: map[string]int{"Mass-public recognition": 3, "Known across the AI/safety field": 3,
			"Recognised inside subfield": 0, "Newer or less central voice": 0},
		VintageMix: map[string]int{"Pioneer": 0, "Symbolic era": 0, "Pre-deep-learning": 0, "Deep-learning rise": 1,
			"Scaling era": 1, "Post-ChatGPT": 0},
	}
	if !reflect.DeepEqual(*r.Stats, want) {
		got, _ := json.MarshalIndent(r.Stats, "", "  ")
		exp, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("stats =\n%s\nwant\n%s", got, exp)
	}
	c := r.Cards[0]
	for name, want := range map[string]string{
		"Stated endorsers":             "7 (4 endorses, 1 mixed, 1 conditional, 1 evolved-toward) +2 tentative",
		"Opposers":                     "2",
		"Profiled endorsers":           "6 of 248 profiled on the board (2%)",
		"Endorser p(doom)":             "mean 22%, median 15% (n=3)",
		"Also held by these endorsers": "Audits: 4 of 7 (57%) · declared: complements\nPause: 2 of 7 (29%) · declared: conflicts",
	} {
		if got := fieldValue(c, name); got != want {
			t.Errorf("field %s = %q, want %q", name, got, want)
		}
	}
}

// TestStatedAggregatesShownBeside checks that what a page stated and the
// store cannot attribute is shown beside the computed numbers, and that
// endorsers the page does not list are named once.
func TestStatedAggregatesShownBeside(t *testing.T) {
	ds := boardFixture()
	onPage := []string{}
	for _, p := range ds.People {
		if p.ID != "wolf" {
			onPage = append(onPage, p.ID)
		}
	}
	ds.Stated = []StatedAggregates{{StrategyID: "open-source", Source: "board export",
		StatedEndorsers: 6, Opposers: 2, ProfiledEndorsers: 7, QuotesByEndorsers: 6, VintageAssigned: 4,
		PDoom:        &StatedPDoom{Mean: 30, Median: 25, N: 4},
		ExpertiseMix: map[Expertise]int{ExpertiseFrontierBuilder: 2, ExpertiseDeepTechnical: 3},
		VintageMix:   map[Vintage]int{VintageDeepLearningRise: 3, VintageScalingEra: 1},
		Unnamed:      []UnnamedCell{{Expertise: ExpertiseFrontierBuilder, Recognition: RecognitionFieldLeading, Count: 1}},
		People:       onPage}}
	b, _, _ := newTestBot(t, ds, Options{})
	r := b.Handle(context.Background(), Request{Command: "whoendorses", Options: map[string]string{"strategy": "open-source"}})
	c := r.Cards[0]
	for name, want := range map[string]string{
		// 7 stated endorsers, 6 on the page: the page's own number.
		"Stated endorsers":       "7 (4 endorses, 1 mixed, 1 conditional, 1 evolved-toward) +2 tentative",
		"Quotes by endorsers":    "7",
		"Not on the source page": "These counts include 1 endorser from another source than the board export: Thomas Wolf.",
		"Profiled endorsers":     "6 of 248 profiled on the board (2%)\nthe board reports 7; not attributable to named people in this export",
		"Endorser p(doom)":       "mean 22%, median 15% (n=3)\nthe board reports 30% (n=4, median 25%); not attributable to named people in this export",
		"Expertise mix":          "Builds frontier systems: 1 · the board reports 2\nDeep ML / safety technical: 3\nApplied or adjacent technical: 0\nGovernance, policy, strategy: 1\nExpert in another field: 0\nPublic-square commentator: 1\nThe board's numbers are not attributable to named people in this export.",
		"Vintage mix":            "Pioneer: 0\nSymbolic era: 0\nPre-deep-learning: 0\nDeep-learning rise: 1\nScaling era: 1\nPost-ChatGPT: 0\nthe board reports n=4 (Deep-learning rise 3, Scaling era 1); not attributable to named people in this export",
	} {
		if got := fieldValue(c, name); got != want {
			t.Errorf("field %s = %q, want %q", name, got, want)
		}
	}
	fr, fl := TierIndex(Expertises, ExpertiseFrontierBuilder), TierIndex(Recognitions, RecognitionFieldLeading)
	if c.Grid == nil || c.Grid.Unnamed == nil || c.Grid.Unnamed[fr][fl] != 1 {
		t.Errorf("grid = %+v, want 1 unnamed in frontier builder × field-leading", c.Grid)
	}
}

// TestUnnamedCellResolved checks that a cell the page left unnamed is no
// longer counted as unnamed once the store places people of the page's
// record in it (a later, fuller import).
func TestUnnamedCellResolved(t *testing.T) {
	ds := boardFixture()
	var all []string
	for _, p := range ds.People {
		all = append(all, p.ID)
	}
	ds.Stated = []StatedAggregates{{StrategyID: "open-source", StatedEndorsers: NotStated, Opposers: NotStated,
		ProfiledEndorsers: NotStated, QuotesByEndorsers: NotStated, VintageAssigned: NotStated, People: all,
		Unnamed: []UnnamedCell{
			{Expertise: ExpertiseDeepTechnical, Recognition: RecognitionFieldLeading, Count: 2},    // Pineau and Howard are there now
			{Expertise: ExpertiseFrontierBuilder, Recognition: RecognitionHouseholdName, Count: 2}, // LeCun is one of two
		}}}
	b, _, _ := newTestBot(t, ds, Options{})
	r := b.Handle(context.Background(), Request{Command: "whoendorses", Options: map[string]string{"strategy": "open-source"}})
	g := r.Cards[0].Grid
	deep, fr := TierIndex(Expertises, ExpertiseDeepTechnical), TierIndex(Expertises, ExpertiseFrontierBuilder)
	fl, hh := TierIndex(Recognitions, RecognitionFieldLeading), TierIndex(Recognitions, RecognitionHouseholdName)
	if g == nil || g.Unnamed == nil || g.Unnamed[deep][fl] != 0 || g.Unnamed[fr][hh] != 1 {
		t.Errorf("unnamed = %v, want 0 in deep technical × field-leading and 1 in frontier builder × household name", g)
	}
}

// TestOtherSourceNamed checks that endorsers from elsewhere than the source
// most of a strategy's stances come from are named in one line.
func TestOtherSourceNamed(t *testing.T) {
	ctx := context.Background()
	db := realdata.Store(t, "", nil)
	if _, err := db.ImportFrom(ctx, boardFixture(), ImportOptions{Source: "atlas", Revision: "c1", Snapshot: true}); err != nil {
		t.Fatal(err)
	}
	extra := Dataset{
		People:  []Person{{ID: "ada", Name: "Ada Lovelace"}},
		Stances: []Stance{{PersonID: "ada", StrategyID: "open-source", Kind: StanceEndorses}},
	}
	if _, err := db.Import(ctx, extra); err != nil {
		t.Fatal(err)
	}
	b, _ := newBot(t, db, Options{})
	c := b.Handle(ctx, Request{Command: "whoendorses", Options: map[string]string{"strategy": "open-source"}}).Cards[0]
	if got, want := fieldValue(c, "Not on the source page"), "These counts include 1 endorser from another source than the atlas source: Ada Lovelace."; got != want {
		t.Errorf("other source = %q, want %q", got, want)
	}
	if got := fieldValue(c, "Stated endorsers"); !strings.HasPrefix(got, "8 ") {
		t.Errorf("stated endorsers = %q, want 8 (Ada counted)", got)
	}
}
