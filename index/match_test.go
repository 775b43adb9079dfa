package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

// listNode is a node over fixed documents and scores, for the matchers'
// own rules without an index.
type listNode struct {
	docs   []uint64
	scores []float64
}

func (n listNode) open(*snapshot, bool) (matcher, error) {
	return &listMatcher{n: n}, nil
}

type listMatcher struct {
	n listNode
	i int
}

func (m *listMatcher) doc() uint64 {
	if m.i >= len(m.n.docs) {
		return exhausted
	}
	return m.n.docs[m.i]
}

func (m *listMatcher) next() (uint64, error) {
	if m.i < len(m.n.docs) {
		m.i++
	}
	return m.doc(), nil
}

func (m *listMatcher) advance(target uint64) (uint64, error) {
	for m.doc() < target {
		m.i++
	}
	return m.doc(), nil
}

func (m *listMatcher) score() float64 { return m.n.scores[m.i] }

func TestMatchersCombineAndRank(t *testing.T) {
	a := listNode{docs: []uint64{1, 3, 5, 7}, scores: []float64{1, 1, 1, 1}}
	b := listNode{docs: []uint64{3, 4, 7}, scores: []float64{2, 2, 2}}
	c := listNode{docs: []uint64{7, 9}, scores: []float64{4, 4}}
	for _, tc := range []struct {
		name  string
		n     node
		k     int
		top   []uint64
		total int
	}{
		// Union: 7 has all three (7 × 3/3), 3 two of three ((1+2) × 2/3), the
		// others one.
		{"any", anyNode{a, b, c}, 3, []uint64{7, 3, 9}, 6},
		// Equal scores: the earlier document first, and kept over later ones.
		{"ties", anyNode{a}, 2, []uint64{1, 3}, 4},
		{"all", allNode{must: a, filters: []node{b}}, 10, []uint64{3, 7}, 2},
		{"all scored by must only", allNode{must: b, filters: []node{a, c}}, 10, []uint64{7}, 1},
		{"nothing in common", allNode{must: c, filters: []node{listNode{docs: []uint64{8}, scores: []float64{1}}}}, 10, nil, 0},
		{"empty union", anyNode{}, 10, nil, 0},
		{"no room", anyNode{a, b}, 0, nil, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			top, total, err := topDocs(context.Background(), nil, tc.n, tc.k)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(top, tc.top) || total != tc.total {
				t.Errorf("top %v of %d, want %v of %d", top, total, tc.top, tc.total)
			}
		})
	}
}

func TestAnyMatcherScoresTheShareMatched(t *testing.T) {
	a := listNode{docs: []uint64{2}, scores: []float64{3}}
	b := listNode{docs: []uint64{2, 5}, scores: []float64{1, 6}}
	m, err := anyNode{a, b, listNode{}}.open(nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if d, s := m.doc(), m.score(); d != 2 || s != 4*2.0/3 {
		t.Errorf("first: doc %d score %v, want 2 and (3+1)·2/3", d, s)
	}
	if d, _ := m.next(); d != 5 || m.score() != 6.0/3 {
		t.Errorf("second: doc %d score %v, want 5 and 6·1/3", d, m.score())
	}
	if d, _ := m.next(); d != exhausted {
		t.Errorf("third: doc %d, want none", d)
	}
}

// TestTopDocsStopsWhenCancelled: a search whose request is gone stops,
// before it starts and while it walks a long list.
func TestTopDocsStopsWhenCancelled(t *testing.T) {
	long := listNode{}
	for d := range uint64(3 * cancelEvery) {
		long.docs = append(long.docs, d)
		long.scores = append(long.scores, 1)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := topDocs(ctx, nil, long, 10); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: %v, want context.Canceled", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	cancelling := cancelAfter{listNode: long, at: cancelEvery + 1, cancel: cancel}
	if _, total, err := topDocs(ctx, nil, &cancelling, 10); !errors.Is(err, context.Canceled) || total != 0 {
		t.Errorf("cancelled while walking: %d, %v, want context.Canceled", total, err)
	}
}

// cancelAfter is a list that cancels its search once it has walked to
// document at.
type cancelAfter struct {
	listNode
	at     uint64
	cancel context.CancelFunc
}

func (n *cancelAfter) open(s *snapshot, scored bool) (matcher, error) {
	m, _ := n.listNode.open(s, scored)
	return &cancellingMatcher{matcher: m, n: n}, nil
}

type cancellingMatcher struct {
	matcher
	n *cancelAfter
}

func (m *cancellingMatcher) next() (uint64, error) {
	d, err := m.matcher.next()
	if d == m.n.at {
		m.n.cancel()
	}
	return d, err
}

// TestSearchesWhileIndexing: searches from many goroutines, while imports
// are indexed beside them, each read one snapshot of their own: every
// search answers with scored hits, and after the imports the last one's
// quotes are found, and are in the store.
func TestSearchesWhileIndexing(t *testing.T) {
	st, x, _ := openDataset(t, crashDataset(0))
	ctx := context.Background()
	queries := []string{"open models public good", "regulation compute", "frontier labs pause", "reserach infrastructure", "concentration power", "gvernance"}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				hits, err := x.Search(ctx, bot.QuoteQuery{Words: queries[(g+i)%len(queries)], Limit: 5})
				if err != nil {
					errs <- err
					return
				}
				for _, h := range hits.Hits {
					if h.QuoteID == "" || h.Score <= 0 {
						errs <- fmt.Errorf("search %d: hit %+v", i, h)
						return
					}
				}
			}
		}()
	}
	for n := 1; n <= 3; n++ {
		mustImportMore(t, st, crashDataset(n))
		if _, err := x.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	hits, err := x.Search(ctx, bot.QuoteQuery{Words: "quote import 3", Limit: 50})
	if err != nil || len(hits.Hits) == 0 {
		t.Fatalf("after the imports: %+v, %v", hits, err)
	}
	vs, err := st.QuoteViews(ctx, []string{hits.Hits[0].QuoteID})
	if err != nil || len(vs) != 1 {
		t.Errorf("the first hit %s is not in the store: %v, %v", hits.Hits[0].QuoteID, vs, err)
	}
}
