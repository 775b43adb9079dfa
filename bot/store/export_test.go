package store

import (
	"cmp"
	"reflect"
	"slices"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

// datasetsEqual compares datasets exactly (nil and empty lists differ, as
// Export always writes nil for an empty list).
func datasetsEqual(a, b bot.Dataset) bool { return reflect.DeepEqual(a, b) }

// sortedLikeExport orders a dataset as Export does.
func sortedLikeExport(ds bot.Dataset) bot.Dataset {
	out := ds
	out.Strategies = slices.Clone(ds.Strategies)
	slices.SortFunc(out.Strategies, func(a, b bot.Strategy) int { return cmp.Compare(a.ID, b.ID) })
	out.People = slices.Clone(ds.People)
	slices.SortFunc(out.People, func(a, b bot.Person) int { return cmp.Compare(a.ID, b.ID) })
	out.Stances = slices.Clone(ds.Stances)
	slices.SortFunc(out.Stances, func(a, b bot.Stance) int {
		return cmp.Or(cmp.Compare(a.PersonID, b.PersonID), cmp.Compare(a.StrategyID, b.StrategyID))
	})
	out.Quotes = slices.Clone(ds.Quotes)
	slices.SortFunc(out.Quotes, func(a, b bot.Quote) int {
		return cmp.Or(cmp.Compare(a.PersonID, b.PersonID), cmp.Compare(a.StrategyID, b.StrategyID), cmp.Compare(a.ID, b.ID))
	})
	out.Stories = slices.Clone(ds.Stories)
	slices.SortFunc(out.Stories, func(a, b bot.Story) int { return cmp.Compare(a.ID, b.ID) })
	out.Canonical = slices.Clone(ds.Canonical)
	slices.SortFunc(out.Canonical, func(a, b bot.CanonicalStrategy) int { return cmp.Compare(a.ID, b.ID) })
	out.Stated = slices.Clone(ds.Stated)
	slices.SortFunc(out.Stated, func(a, b bot.StatedAggregates) int { return cmp.Compare(a.StrategyID, b.StrategyID) })
	return out
}

func TestExportRoundTrip(t *testing.T) {
	for name, ds := range map[string]bot.Dataset{
		"hand-made": smallDataset(),
		"generated": genDataset(genSize{Strategies: 20, People: 150, StancesPerPerson: 4, Quotes: 400}, 3),
	} {
		t.Run(name, func(t *testing.T) {
			a := openTest(t)
			mustImport(t, a, ds)
			first := mustExport(t, a)
			if want := sortedLikeExport(ds); !datasetsEqual(first, want) {
				t.Fatalf("Export differs from the imported dataset\n got %+v\nwant %+v", first.People[:1], want.People[:1])
			}

			b := openTest(t)
			mustImport(t, b, first)
			if second := mustExport(t, b); !datasetsEqual(first, second) {
				t.Error("Import(Export()) then Export differs from the first export")
			}
		})
	}
}

func TestExportEmptyStore(t *testing.T) {
	db := openTest(t)
	if ds := mustExport(t, db); !datasetsEqual(ds, bot.Dataset{}) {
		t.Errorf("empty store exports %+v", ds)
	}
}
