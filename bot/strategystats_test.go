package bot

import (
	"reflect"
	"slices"
	"sort"
	"testing"
)

// Tests of the core's pure functions, which need no store. Everything that
// reads a store is tested in package bot_test, against the real one.

func TestSummarizePDoomMedian(t *testing.T) {
	for _, tt := range []struct {
		in   []float64
		want pdoomStats
	}{
		{nil, pdoomStats{}},
		{[]float64{10}, pdoomStats{1, 10, 10}},
		{[]float64{50, 10, 20}, pdoomStats{3, 80.0 / 3, 20}},
		{[]float64{1, 2, 3, 10}, pdoomStats{4, 4, 2.5}},
	} {
		if got := summarizePDoom(tt.in); got != tt.want {
			t.Errorf("summarizePDoom(%v) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestSortByNameCatalogOrderMatchesByName(t *testing.T) {
	// Names that fold alike, in an order that is neither by name nor by id.
	people := []Person{
		{ID: "p5", Name: "Zoë Adams"}, {ID: "p3", Name: "ann  lee"}, {ID: "p9", Name: "Ann Lee"},
		{ID: "p1", Name: "Ánn Lee"}, {ID: "p7", Name: "bob"}, {ID: "p2", Name: "Bob"}, {ID: "p4", Name: "Émile"},
	}
	var stances []PersonStance
	for _, p := range people {
		stances = append(stances, PersonStance{Person: p, Stance: Stance{PersonID: p.ID, Kind: StanceEndorses}})
	}
	want := slices.Clone(stances)
	sort.SliceStable(want, func(i, j int) bool {
		a, b := want[i].Person, want[j].Person
		if fa, fb := Fold(a.Name), Fold(b.Name); fa != fb {
			return fa < fb
		}
		return a.ID < b.ID
	})
	cat := newCatalogSnapshot(Catalog{Version: 5, People: people})
	for _, tt := range []struct {
		name    string
		cat     *catalogSnapshot
		version int64
	}{
		{"catalog at the version", cat, 5},
		{"catalog at another version", cat, 6},
		{"no catalog", nil, 5},
	} {
		got := slices.Clone(stances)
		sortByName(got, tt.cat, tt.version)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v\nwant %v", tt.name, got, want)
		}
	}
}

func BenchmarkCatalogBuild(b *testing.B) {
	ds := syntheticDataset(10000, 500)
	c := Catalog{Version: 1, Strategies: ds.Strategies, People: ds.People}
	for b.Loop() {
		newCatalogSnapshot(c)
	}
}
