package bot_test

import (
	"bytes"
	"log/slog"
	"testing"

	. "github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/internal/testenv"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

// The core's tests run against the real SQLite store (package bot/store) and
// the real quote index (package index) derived from it. Failures and call
// counts are observed through decorators over the real store
// (decorators_test.go), never through a fake.

// testDataset is a small dataset in the shape of the board export: one
// well-populated strategy, a second one some of the same people endorse,
// profiled and unprofiled people, an opposer, p(doom) values and a name
// with diacritics.
func testDataset() Dataset {
	person := func(id, name, role string, e Expertise, r Recognition, v Vintage, pd []PDoomClaim, aliases ...string) Person {
		return Person{ID: id, Name: name, Role: role, Expertise: e, Recognition: r, Vintage: v, PDoomClaims: pd,
			Profiled: e != "" || r != "", Aliases: aliases}
	}
	stance := func(p, s string, k StanceKind, sum string) Stance {
		return Stance{PersonID: p, StrategyID: s, Kind: k, Summary: sum}
	}
	quote := func(p, s, text string, f Fidelity, src Source, ctx string) Quote {
		return Quote{ID: QuoteID(p, s, text), PersonID: p, StrategyID: s, Text: text, Fidelity: f, Source: src, Context: ctx}
	}
	return Dataset{
		Board: &Board{Name: "AGI Strategies", ProfiledTotal: 248},
		Strategies: []Strategy{
			{ID: "open-source", Name: "Open source", Summary: "Release weights widely; transparency beats closed safety", Aliases: []string{"open weights"}},
			{ID: "pause", Name: "Pause frontier training", Summary: "Stop training larger models until safety catches up", Aliases: []string{"moratorium"}},
		},
		People: []Person{
			person("yann-lecun", "Yann LeCun", "Chief AI Scientist at Meta", ExpertiseFrontierBuilder, RecognitionHouseholdName, VintageDeepLearningRise, []PDoomClaim{{Low: 0.1, High: 0.1, Source: Source{Title: "X, 2023"}}}),
			person("andrew-ng", "Andrew Ng", "Coursera co-founder", ExpertiseDeepTechnical, RecognitionHouseholdName, "", nil),
			person("joelle-pineau", "Joëlle Pineau", "Cohere Chief AI Officer", ExpertiseDeepTechnical, RecognitionFieldLeading, "", nil),
			person("emad-mostaque", "Emad Mostaque", "Former CEO of Stability AI", ExpertiseCommentator, RecognitionFieldLeading, VintageScalingEra, []PDoomClaim{{Low: 40, High: 60, Source: Source{Type: "podcast"}}, {Low: 10, High: 10}}),
			person("yoshua-bengio", "Yoshua Bengio", "Mila founder", ExpertiseDeepTechnical, RecognitionHouseholdName, VintageSymbolicEra, []PDoomClaim{{Low: 20, High: 20, Source: Source{Type: "interview"}}}),
			person("thomas-wolf", "Thomas Wolf", "Hugging Face co-founder", "", "", "", nil, "@Thom_Wolf"),
			person("ada-cannon", "Ada Rose Cannon", "W3C web standards advocate", "", "", "", nil),
		},
		Stances: []Stance{
			stance("yann-lecun", "open-source", StanceEndorses, "Pushed Meta toward open weights."),
			stance("andrew-ng", "open-source", StanceEndorses, "Warns against regulatory capture."),
			stance("joelle-pineau", "open-source", StanceMixed, "Open research accelerates the field."),
			stance("emad-mostaque", "open-source", StanceEndorses, "Built Stability AI on open weights."),
			stance("yoshua-bengio", "open-source", StanceOpposes, "Open weights of frontier models are too risky."),
			stance("thomas-wolf", "open-source", StanceEndorses, "Open models make the ecosystem resilient."),
			stance("ada-cannon", "open-source", StanceConditional, "Open standards against consolidation."),
			stance("yoshua-bengio", "pause", StanceEndorses, "Signed the pause letter."),
			stance("emad-mostaque", "pause", StanceEndorses, "Signed the pause letter too."),
		},
		Quotes: []Quote{
			quote("yann-lecun", "open-source", "Open weights are necessary for diverse, safe AI.", FidelityFaithful,
				Source{Type: "article", Title: "LeCun on doomsayers", Publisher: "Fortune", Date: Date{2023, 6, 14}}, ""),
			quote("andrew-ng", "open-source", "The real risk is if regulation effectively bans open source.", FidelityLoose,
				Source{Type: "blog", Title: "Andrew Ng on open source AI", Publisher: "The Batch", Date: Date{Year: 2023}}, ""),
			quote("andrew-ng", "open-source", "Good actors can use open models too.", FidelityDirect,
				Source{Type: "talk", Title: "Keynote", Publisher: "AI Summit", Date: Date{2024, 2, 0}}, "Said on stage."),
			quote("joelle-pineau", "open-source", "Science advances more quickly when we share our knowledge.", FidelityDirect,
				Source{Type: "podcast", Title: "Building Connections Through Open Research", Publisher: "MIT Sloan Management Review", Date: Date{Year: 2024}}, ""),
			quote("yoshua-bengio", "open-source", "Releasing frontier weights is irreversible.", FidelityFaithful,
				Source{Type: "testimony", Title: "Senate hearing", Publisher: "US Senate"}, "Testimony to the US Senate."),
			quote("thomas-wolf", "open-source", "Open models make AI resilient.", FidelityDirect,
				Source{Type: "tweet", Title: "Open models and resilience", Publisher: "X", Date: Date{2026, 11, 21}}, ""),
		},
	}
}

// newBot returns a bot over st (opts.Store is replaced), logging into logs.
func newBot(t testing.TB, st Store, opts Options) (*Bot, *bytes.Buffer) {
	t.Helper()
	logs := &bytes.Buffer{}
	opts.Store = st
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if opts.Now == nil {
		opts.Now = testenv.Now
	}
	b, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return b, logs
}

// newTestBot returns a bot over a real store holding ds, logging into logs.
func newTestBot(t testing.TB, ds Dataset, opts Options) (*Bot, *store.DB, *bytes.Buffer) {
	t.Helper()
	db := realdata.Store(t, "", nil, ds)
	b, logs := newBot(t, db, opts)
	return b, db, logs
}

// Platform limits the tests ask for, as an adapter would pass them.
const (
	choices = 25 // suggestions per autocomplete
	room    = 90 // bytes of an action's command
)
