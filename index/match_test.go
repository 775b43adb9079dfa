package index

import (
	"context"
	"slices"
	"testing"
)

// listNode is a node over fixed documents and scores, for the matchers'
// own rules without an index.
type listNode struct {
	docs   []uint64
	scores []float64
}

func (n listNode) open(context.Context, *snapshot, bool) (matcher, error) {
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
func (m *listMatcher) close()         {}

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
	m, err := anyNode{a, b, listNode{}}.open(context.Background(), nil, true)
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
