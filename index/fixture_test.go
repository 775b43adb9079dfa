package index

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/internal/testenv"
)

// fixture is a small dataset: quotes copied from the board export in
// seeds/raw, and one strategy of its own to test filters.
func fixture() bot.Dataset {
	ds := bot.Dataset{
		Strategies: []bot.Strategy{
			{ID: "open-source", Name: "Open source", Summary: "Release weights widely; transparency beats closed safety", Aliases: []string{"open weights"}},
			{ID: "pause", Name: "Pause frontier training", Summary: "Stop training larger models until they can be made safe"},
		},
	}
	add := func(id, name, role string, aliases []string, strategy, text string, f bot.Fidelity, src bot.Source) {
		ds.People = append(ds.People, bot.Person{ID: id, Name: name, Role: role, Aliases: aliases})
		ds.Stances = append(ds.Stances, bot.Stance{PersonID: id, StrategyID: strategy, Kind: bot.StanceEndorses, Summary: "summary of " + name})
		ds.Quotes = append(ds.Quotes, bot.Quote{
			ID: bot.QuoteID(id, strategy, text), PersonID: id, StrategyID: strategy, Text: text, Fidelity: f, Source: src,
		})
	}
	add("andrew-ng", "Andrew Ng", "Coursera co-founder", nil, "open-source",
		"Bad actors can use open source models; good actors can use them too. The real risk is if regulation effectively bans open source.",
		bot.FidelityLoose, bot.Source{Type: "blog", Title: "Andrew Ng on open source AI", Publisher: "The Batch", Date: bot.Date{Year: 2023}})
	add("martin-casado", "Martin Casado", "Andreessen Horowitz general partner", nil, "open-source",
		"Regulating AI right now means regulating math. Open source is the antidote to the regulatory capture being attempted by the largest labs.",
		bot.FidelityFaithful, bot.Source{Type: "article", Title: "Martin Casado on AI regulation", Publisher: "a16z", Date: bot.Date{Year: 2023}})
	add("emad-mostaque", "Emad Mostaque", "Former CEO of Stability AI", nil, "open-source",
		"Open models are a public good.",
		bot.FidelityLoose, bot.Source{Type: "tweet", Title: "Emad Mostaque on open-source AI", Publisher: "X/Twitter", Date: bot.Date{Year: 2023}})
	add("yann-lecun", "Yann LeCun", "Chief AI Scientist at Meta", []string{"@ylecun"}, "open-source",
		"The smartest among us do not want to dominate the others. The idea that because a system is intelligent, it wants to take control is completely false.",
		bot.FidelityFaithful, bot.Source{Type: "article", Title: "Meta Chief A.I. Scientist Yann LeCun says A.I. doomsayers are 'preposterous'", Publisher: "Fortune", Date: bot.Date{Year: 2023, Month: 6, Day: 14}})
	add("joelle-pineau", "Joëlle Pineau", "Cohere Chief AI Officer", nil, "open-source",
		"Science advances more quickly when we share our knowledge. When we put all of our knowledge in common, we push that boundary faster.",
		bot.FidelityDirect, bot.Source{Type: "podcast", Title: "Building Connections Through Open Research", Publisher: "MIT Sloan Management Review", Date: bot.Date{Year: 2024}})
	add("illia-polosukhin", "Illia Polosukhin", "NEAR Protocol co-founder", nil, "open-source",
		"Centralized AI poses risks no single regulator can solve. We need open infrastructure that lets users own their data and models.",
		bot.FidelityFaithful, bot.Source{Type: "article", Title: "Illia Polosukhin on open AI", Publisher: "NEAR Foundation", Date: bot.Date{Year: 2024}})
	add("stella-biderman", "Stella Biderman", "Executive Director of EleutherAI", nil, "open-source",
		"Science doesn't work in secret. Open research is how safety work gets done.",
		bot.FidelityLoose, bot.Source{Type: "article", Title: "EleutherAI", Publisher: "EleutherAI", Date: bot.Date{Year: 2023}})
	add("ada-pauser", "Ada Pauser", "A fixture person", nil, "pause",
		"Training ever larger models before we understand them is reckless; a pause would let safety research catch up with open questions.",
		bot.FidelityDirect, bot.Source{Type: "talk", Title: "Why we should pause", Publisher: "Fixture Conf", Date: bot.Date{Year: 2024, Month: 3}})
	return ds
}

// openStore returns a real store in a temporary directory of its own,
// holding ds (testenv/realdata, which imports this package, cannot).
func openStore(t testing.TB, ds bot.Dataset) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "stancebot.db"), store.Options{Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	return db
}

// openFixture returns a real store of the fixture and an index of it in
// another temporary directory.
func openFixture(t testing.TB) (*store.DB, *Index, string) {
	t.Helper()
	return openDataset(t, fixture())
}

// openDataset returns a real store of ds and an index of it in another
// temporary directory.
func openDataset(t testing.TB, ds bot.Dataset) (*store.DB, *Index, string) {
	t.Helper()
	st := openStore(t, ds)
	dir := filepath.Join(t.TempDir(), "quotes.bleve")
	x, err := Open(context.Background(), dir, st, Options{Logger: testenv.Logger(), LockTimeout: defaultTestLockTimeout})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	return st, x, dir
}

// reopen closes x and opens the index in dir again.
func reopen(t testing.TB, x *Index, st bot.Store, dir string) *Index {
	t.Helper()
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	y, err := Open(context.Background(), dir, st, Options{Logger: testenv.Logger(), LockTimeout: defaultTestLockTimeout})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = y.Close() })
	return y
}
