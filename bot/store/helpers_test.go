package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv"
)

// openTest opens a fresh store in a temporary directory, closed at the end of the test.
func openTest(t *testing.T) *DB {
	t.Helper()
	// A clock that moves one second forward on every reading.
	clock := testenv.NewClock(time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC), time.Second)
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "store.db"),
		Options{Now: clock.Now, Logger: testenv.Logger()})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

// mustImport imports ds and fails the test on error.
func mustImport(t *testing.T, db *DB, ds bot.Dataset) bot.ImportReport {
	t.Helper()
	rep, err := db.Import(context.Background(), ds)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return rep
}

func mustVersion(t *testing.T, db *DB) int64 {
	t.Helper()
	v, err := db.Version(context.Background())
	if err != nil {
		t.Fatalf("Version: %v", err)
	}
	return v
}

func mustExport(t *testing.T, db *DB) bot.Dataset {
	t.Helper()
	ds, err := db.Export(context.Background())
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	return ds
}

// quote builds a quote with its id derived from its natural key.
func quote(person, strategy, text string, f bot.Fidelity, src bot.Source) bot.Quote {
	return bot.Quote{ID: bot.QuoteID(person, strategy, text), PersonID: person, StrategyID: strategy,
		Text: text, Fidelity: f, Source: src}
}

// smallDataset is a hand-made dataset with every kind of entity:
//
//	open-source: yann-lecun endorses, andrew-ng endorses, joelle-pineau mixed, eliezer-yudkowsky opposes
//	pause:       eliezer-yudkowsky endorses, joelle-pineau conditional
//	compute-governance: andrew-ng opposes, joelle-pineau evolved-toward, yann-lecun endorses
func smallDataset() bot.Dataset {
	return bot.Dataset{
		Board: &bot.Board{Name: "AGI Strategies", ProfiledTotal: 248},
		Strategies: []bot.Strategy{
			{ID: "open-source", Name: "Open source", Summary: "Release weights widely", Aliases: []string{"open weights", "open models"}},
			{ID: "pause", Name: "Pause frontier training", Summary: "Stop training bigger models"},
			{ID: "compute-governance", Name: "Compute governance", Summary: "Track and license compute", Aliases: []string{"compute caps"}},
		},
		People: []bot.Person{
			{ID: "yann-lecun", Name: "Yann LeCun", Aliases: []string{"@ylecun"}, Role: "Chief AI scientist",
				Expertise: bot.ExpertiseFrontierBuilder, Recognition: bot.RecognitionHouseholdName,
				Vintage: bot.VintageDeepLearningRise, PDoomClaims: []bot.PDoomClaim{{Low: 0.01, High: 0.01, Source: bot.Source{Type: "tweet"}}}, Profiled: true},
			{ID: "andrew-ng", Name: "Andrew Ng", Role: "Founder", Expertise: bot.ExpertiseAppliedTechnical,
				Recognition: bot.RecognitionHouseholdName, Profiled: true},
			{ID: "joelle-pineau", Name: "Joëlle Pineau", Role: "Researcher"},
			{ID: "eliezer-yudkowsky", Name: "Eliezer Yudkowsky", Aliases: []string{"@ESYudkowsky", "Big Yud"},
				PDoomClaims: []bot.PDoomClaim{{Low: 95, High: 99, Definition: "extinction", Source: bot.Source{Type: "podcast"}}}},
		},
		Stances: []bot.Stance{
			{PersonID: "yann-lecun", StrategyID: "open-source", Kind: bot.StanceEndorses, Summary: "Open is safer"},
			{PersonID: "andrew-ng", StrategyID: "open-source", Kind: bot.StanceEndorses, Summary: "Regulate uses, not tech"},
			{PersonID: "joelle-pineau", StrategyID: "open-source", Kind: bot.StanceMixed, Summary: "Open with care"},
			{PersonID: "eliezer-yudkowsky", StrategyID: "open-source", Kind: bot.StanceOpposes, Summary: "Never release"},
			{PersonID: "eliezer-yudkowsky", StrategyID: "pause", Kind: bot.StanceEndorses, Summary: "Shut it down"},
			{PersonID: "joelle-pineau", StrategyID: "pause", Kind: bot.StanceConditional, Summary: "If evals fail"},
			{PersonID: "andrew-ng", StrategyID: "compute-governance", Kind: bot.StanceOpposes, Summary: "Stifles"},
			{PersonID: "joelle-pineau", StrategyID: "compute-governance", Kind: bot.StanceEvolvedToward, Summary: "Came around"},
			{PersonID: "yann-lecun", StrategyID: "compute-governance", Kind: bot.StanceEndorses, Summary: "Odd but true"},
		},
		Quotes: []bot.Quote{
			quote("yann-lecun", "open-source", "Open research is how we make AI safe.", bot.FidelityDirect,
				bot.Source{Type: "tweet", Title: "On open research", Publisher: "X", Date: bot.Date{Year: 2024, Month: 2, Day: 13}, URL: "https://x.com/ylecun/1"}),
			quote("yann-lecun", "open-source", "Closed models concentrate power.", bot.FidelityFaithful,
				bot.Source{Type: "podcast", Title: "Lex Fridman #416", Date: bot.Date{Year: 2024, Month: 3}}),
			quote("andrew-ng", "open-source", "Regulate applications, not the technology.", bot.FidelityLoose,
				bot.Source{Type: "testimony", Title: "US Senate", Date: bot.Date{Year: 2023}}),
			quote("eliezer-yudkowsky", "pause", "Shut it all down.", bot.FidelityDirect,
				bot.Source{Type: "article", Title: "Pausing AI developments isn't enough", Publisher: "TIME", Date: bot.Date{Year: 2023, Month: 3, Day: 29}}),
		},
		Stories: []bot.Story{{
			ID: "open-models-resilience", Headline: "Open models make us resilient",
			QuoteID:  bot.QuoteID("yann-lecun", "open-source", "Open research is how we make AI safe."),
			Sections: []bot.StorySection{{Heading: "Overview", Text: "A thread."}, {Heading: "Replies", Text: "Many."}},
			Replies: []bot.StoryReply{
				{To: []string{"@ylecun", "@AndrewYNg"}, Text: "Agreed."},
				{Text: "Quoting the post.", QuotesPost: true},
			},
		}},
	}
}
