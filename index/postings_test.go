package index

import (
	"context"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

// TestPostingsWalkAsBleve: on a snapshot of several segments, some of
// whose quotes were replaced (deleted in their old segment), a term's
// postings walk the documents bleve's term field reader walks, with the
// same frequencies and norms, from the start and from every target, and
// count the same quotes.
func TestPostingsWalkAsBleve(t *testing.T) {
	snap := segmentedSnapshot(t)
	last := snap.offsets[len(snap.offsets)-1] + snap.segments[len(snap.segments)-1].Segment().Count()

	for _, c := range []struct{ field, term string }{
		{fieldText, "model"}, {fieldText, "public"}, {fieldText, "regul"}, {fieldText, "good"}, {fieldText, "absent"},
		{fieldWords, "models"}, {fieldRole, "economist"}, {fieldRole, "research"}, {fieldSpeaker, "person"},
	} {
		for _, scored := range []bool{true, false} {
			name := fmt.Sprintf("%s:%s scored=%v", c.field, c.term, scored)
			want := bleveWalk(t, snap, c.field, c.term, scored, 0)
			if got := snap.docFreq(c.field, c.term); got != uint64(len(want)) {
				t.Errorf("%s: docFreq %d, bleve walks %d", name, got, len(want))
			}
			for target := uint64(0); target <= last; target++ {
				p, err := snap.openPostings(c.field, c.term, scored)
				if err != nil {
					t.Fatal(err)
				}
				var got []posting
				d, err := p.next() // as a matcher opens it, then moves on
				if err == nil && target > d {
					d, err = p.advance(target)
				}
				for ; err == nil && d != exhausted; d, err = p.next() {
					g := posting{doc: d}
					if scored {
						g.freq, g.norm = p.cur.Frequency(), p.cur.Norm()
					}
					got = append(got, g)
				}
				if err != nil {
					t.Fatal(err)
				}
				if w := bleveWalk(t, snap, c.field, c.term, scored, target); fmt.Sprint(got) != fmt.Sprint(w) {
					t.Errorf("%s from %d: %v, bleve %v", name, target, got, w)
				}
			}
		}
	}
}

// posting is a document of a walk, with its frequency and norm.
type posting struct {
	doc  uint64
	freq uint64
	norm float64
}

// bleveWalk is the walk of bleve's term field reader on snap, from the
// first document >= from.
func bleveWalk(t *testing.T, snap *snapshot, field, term string, scored bool, from uint64) []posting {
	t.Helper()
	r, err := snap.r.TermFieldReader(context.Background(), []byte(term), field, scored, scored, false)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []posting
	var id [8]byte
	binary.BigEndian.PutUint64(id[:], from)
	d, err := r.Advance(id[:], nil)
	for ; err == nil && d != nil; d, err = r.Next(nil) {
		out = append(out, posting{binary.BigEndian.Uint64(d.ID), d.Freq, d.Norm})
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// segmentedSnapshot returns a snapshot of several segments, some of whose
// quotes were indexed again (deleted in their old segment).
func segmentedSnapshot(t *testing.T) *snapshot {
	t.Helper()
	ctx := context.Background()
	ds := bot.Dataset{Strategies: []bot.Strategy{{ID: "s", Name: "Strategy"}}}
	texts := []string{"Open models are a public good.", "Regulation of open models fails.", "Models, models and more models.",
		"A public good needs public money.", "Regulation works when it is open.", "Good regulation is rare."}
	for i, text := range texts {
		id := fmt.Sprintf("p%d", i)
		ds.People = append(ds.People, bot.Person{ID: id, Name: "Person " + id, Role: "researcher"})
		ds.Quotes = append(ds.Quotes, bot.Quote{ID: bot.QuoteID(id, "s", text), PersonID: id, StrategyID: "s", Text: text, Fidelity: bot.FidelityDirect})
	}
	first := ds
	first.People, first.Quotes = ds.People[:4], ds.Quotes[:4]
	st, x, _ := openDataset(t, first)
	rest := ds
	rest.People, rest.Quotes = ds.People[4:], ds.Quotes[4:]
	mustImportMore(t, st, rest)
	if _, err := x.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	// Two quotes indexed again: a new segment has them, and their old
	// documents are deleted, until scorch's merger (which runs on its own)
	// merges the deletions away; again until a snapshot has both.
	var snap *snapshot
	for try := 0; snap == nil; try++ {
		if try == 20 {
			t.Fatal("no snapshot of several segments with deleted documents")
		}
		if err := x.indexIDs(ctx, x.bi, []string{ds.Quotes[0].ID, ds.Quotes[2].ID}); err != nil {
			t.Fatal(err)
		}
		s := openSnapshot(t, x)
		deleted := uint64(0)
		for _, seg := range s.segments {
			if d := seg.Deleted(); d != nil {
				deleted += d.GetCardinality()
			}
		}
		if len(s.segments) >= 2 && deleted > 0 {
			snap = s
		}
	}
	return snap
}

// TestDictTermsAcrossSegments: the terms of a range, walked segment by
// segment, are bleve's terms of that prefix, each once and in order.
func TestDictTermsAcrossSegments(t *testing.T) {
	snap := segmentedSnapshot(t)
	for _, c := range []struct{ field, prefix string }{
		{fieldText, "mo"}, {fieldText, "r"}, {fieldText, "re"}, {fieldText, "o"}, {fieldText, "regul"}, {fieldSpeaker, "p"}, {fieldText, "zz"},
	} {
		got := snap.dictTerms(c.field, []byte(c.prefix), prefixEnd([]byte(c.prefix)), nil)
		fd, err := snap.r.FieldDictPrefix(c.field, []byte(c.prefix))
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for e, err := fd.Next(); e != nil && err == nil; e, err = fd.Next() {
			want = append(want, e.Term)
		}
		_ = fd.Close()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s %q: %v, bleve %v", c.field, c.prefix, got, want)
		}
	}
}

func TestPrefixEnd(t *testing.T) {
	for _, c := range []struct{ prefix, want string }{{"ab", "ac"}, {"a\xff", "b"}, {"a\xff\xff", "b"}, {"\xff", ""}, {"", ""}} {
		if got := string(prefixEnd([]byte(c.prefix))); got != c.want {
			t.Errorf("prefixEnd(%q) = %q, want %q", c.prefix, got, c.want)
		}
	}
}
