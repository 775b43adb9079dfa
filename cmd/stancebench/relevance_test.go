package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBoardRelevanceSet: the project's relevance set reads, has at least
// 100 queries, and every kind at least ten times.
func TestBoardRelevanceSet(t *testing.T) {
	set := readTestSet(t, "board-relevance.tsv")
	if len(set) < 100 {
		t.Errorf("%d queries, want at least 100", len(set))
	}
	kinds := map[string]int{}
	for _, q := range set {
		kinds[q.kind]++
	}
	for _, k := range relevanceKinds {
		if kinds[k] < 10 {
			t.Errorf("%d queries of kind %s, want at least 10", kinds[k], k)
		}
	}
}

// TestHeldOutConceptSet: the held-out set reads and is of at least 20
// concept queries.
func TestHeldOutConceptSet(t *testing.T) {
	set := readTestSet(t, "board-relevance-heldout.tsv")
	if len(set) < 20 {
		t.Errorf("%d queries, want at least 20", len(set))
	}
	for _, q := range set {
		if q.kind != "concept" {
			t.Errorf("%q: kind %s, want concept", q.words, q.kind)
		}
	}
}

// readTestSet reads the relevance set of index/testdata/name and checks
// that its speakers are person ids.
func readTestSet(t *testing.T, name string) []relevanceQuery {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "index", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	set, err := readRelevanceSet(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range set {
		for _, s := range q.speakers {
			if s == "" || strings.ToLower(s) != s || strings.ContainsAny(s, " \t") {
				t.Errorf("%q: speaker %q is not a person id", q.words, s)
			}
		}
	}
	return set
}

func TestReadRelevanceSetRefusesBadLines(t *testing.T) {
	for _, in := range []string{"gist\tonly two fields\n", "nosuchkind\twords\tada\n", "quick\t\tada\n", "quick\twords\t\n"} {
		if _, err := readRelevanceSet(strings.NewReader(in)); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
	set, err := readRelevanceSet(strings.NewReader("# comment\n\nquick\tblurry jpeg\tted-chiang,other\n"))
	if err != nil || len(set) != 1 || set[0].kind != "quick" || len(set[0].speakers) != 2 {
		t.Errorf("%+v, %v", set, err)
	}
}
