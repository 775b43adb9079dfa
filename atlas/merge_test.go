package atlas

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stancebot/stancebot/atlas/atlastest"
	"github.com/stancebot/stancebot/bot"
)

func TestMatchStore(t *testing.T) {
	ds, _ := readFixture(t, atlastest.Repo(t, true, atlastest.V1()), "")
	cat := bot.Catalog{
		Strategies: []bot.Strategy{
			{ID: "open-source", Name: "Open source", Aliases: []string{"open weights"}},
			{ID: "pause", Name: "Pause AI"}, // same id, another name
			{ID: "closed-weights", Name: "Closed weights"},
		},
		People: []bot.Person{
			{ID: "clement-delangue", Name: "Clement Delangue"}, // folded: no accent
			{ID: "a-quill", Name: "A. Quill", Aliases: []string{"Ada Quill"}},
			{ID: "cy-1", Name: "Cy Dorn"},
			{ID: "cy-2", Name: "Cy Dorn"},
		},
	}
	out, rep := MatchStore(ds, cat)
	wantMatched := []Match{
		{Kind: "strategy", BoardID: "open-source-maximalism", StoreID: "open-source", By: "name"},
		{Kind: "person", BoardID: "ada-quill", StoreID: "a-quill", By: "name"},
		{Kind: "person", BoardID: "clem-delangue", StoreID: "clement-delangue", By: "name"},
	}
	if !reflect.DeepEqual(rep.Matched, wantMatched) {
		t.Errorf("matched\n got %v\nwant %v", rep.Matched, wantMatched)
	}
	if want := []string{"strategy closed-weights", "person cy-1", "person cy-2"}; !slices.Equal(rep.StoreOnly, want) {
		t.Errorf("store only %q, want %q", rep.StoreOnly, want)
	}
	if len(rep.Ambiguous) != 1 {
		t.Errorf("ambiguous %q, want cy-dorn", rep.Ambiguous)
	}
	var ids []string
	for _, s := range out.Strategies {
		ids = append(ids, s.ID)
	}
	if want := []string{"pause", "open-source", "rsp-style"}; !slices.Equal(ids, want) {
		t.Errorf("strategy ids %q, want %q", ids, want)
	}
	if got, want := out.Strategies[0].Aliases, []string{"moratorium", "Pause AI"}; !slices.Equal(got, want) {
		t.Errorf("pause aliases %q, want %q (the stored name kept as an alias)", got, want)
	}
	if got, want := out.Strategies[1].Aliases, []string{"open weights", "open-source-maximalism"}; !slices.Equal(got, want) {
		t.Errorf("open-source aliases %q, want %q", got, want)
	}
	ids = nil
	for _, p := range out.People {
		ids = append(ids, p.ID)
	}
	if want := []string{"a-quill", "bo-ren", "cy-dorn", "clement-delangue"}; !slices.Equal(ids, want) {
		t.Errorf("person ids %q, want %q", ids, want)
	}
	if got, want := out.People[0].Aliases, []string{"ada-quill", "A. Quill"}; !slices.Equal(got, want) {
		t.Errorf("a-quill aliases %q, want %q", got, want)
	}
	for _, s := range out.Stances {
		if s.PersonID == "ada-quill" || s.PersonID == "clem-delangue" || s.StrategyID == "open-source-maximalism" {
			t.Errorf("stance not mapped: %+v", s)
		}
	}
	for _, q := range out.Quotes {
		if q.ID != bot.QuoteID(q.PersonID, q.StrategyID, q.Text) || q.PersonID == "ada-quill" {
			t.Errorf("quote not mapped: %+v", q)
		}
	}
	// the input is left as it was
	if ds.People[0].ID != "ada-quill" || ds.Quotes[0].PersonID != "ada-quill" {
		t.Error("MatchStore changed its input")
	}
	// matched again onto what it produced: every id is found as it is
	cat2 := bot.Catalog{Strategies: out.Strategies, People: out.People}
	again, rep2 := MatchStore(ds, cat2)
	if !reflect.DeepEqual(again.Stances, out.Stances) || !reflect.DeepEqual(again.Quotes, out.Quotes) {
		t.Error("matching onto the merged store maps differently")
	}
	if len(rep2.StoreOnly) != 0 {
		t.Errorf("store only after a merge: %q", rep2.StoreOnly)
	}
}

func TestMerges(t *testing.T) {
	dir := atlastest.Repo(t, true, atlastest.V1(), atlastest.V3())
	old, _ := readFixture(t, dir, "HEAD~1")
	cur, _ := readFixture(t, dir, "HEAD")
	got := Merges(old, cur)
	want := []Merge{{From: "bo-ren", Into: "cy-dorn", Positions: 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Merges = %v, want %v", got, want)
	}
	if got := Merges(old, old); len(got) != 0 {
		t.Errorf("Merges of a dataset with itself = %v", got)
	}
	// a person removed with their positions is no merge
	v2, _ := readFixture(t, atlastest.Repo(t, true, atlastest.V2()), "")
	v2.People = slices.DeleteFunc(v2.People, func(p bot.Person) bool { return p.ID == "bo-ren" })
	if got := Merges(old, v2); len(got) != 0 {
		t.Errorf("a removal reported as a merge: %v", got)
	}
}

func TestHistory(t *testing.T) {
	v0 := atlastest.V1()
	v0["src/lib/people.ts"] = "this commit's modules do not load {"
	dir := atlastest.Repo(t, true, v0, atlastest.V1(), atlastest.V2(), atlastest.V2())
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := r.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	times, err := History(context.Background(), r, head, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	// the broken first commit is skipped; the last one holds what the third holds
	if times.Commits != 4 || times.Evaluated != 2 || times.Skipped != 1 {
		t.Errorf("commits %d, evaluated %d, skipped %d; want 4, 2, 1", times.Commits, times.Evaluated, times.Skipped)
	}
	b, err := r.Read(context.Background(), head, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ds, _ := b.Dataset()
	times.Apply(&ds)
	v1Time, v2Time := atlastest.Time.Add(24*time.Hour), atlastest.Time.Add(48*time.Hour)
	for _, s := range ds.Stances {
		want := v1Time
		if s.PersonID == "clem-delangue" && s.StrategyID == "pause" {
			want = v2Time // added by the second commit
		}
		if !s.SourceTime.Equal(want) {
			t.Errorf("stance %s on %s: source time %s, want %s", s.PersonID, s.StrategyID, s.SourceTime, want)
		}
	}
	for _, q := range ds.Quotes {
		want := v1Time
		if q.Text == "Pausing only helps the incumbents." {
			want = v2Time
		}
		if !q.SourceTime.Equal(want) {
			t.Errorf("quote %q: source time %s, want %s", q.Text, q.SourceTime, want)
		}
	}
	for _, p := range ds.People {
		if !p.SourceTime.Equal(v1Time) {
			t.Errorf("person %s: source time %s, want %s", p.ID, p.SourceTime, v1Time)
		}
		for _, c := range p.PDoomClaims {
			if !c.SourceTime.Equal(v1Time) {
				t.Errorf("%s's p(doom) claim: source time %s", p.ID, c.SourceTime)
			}
		}
	}
}
