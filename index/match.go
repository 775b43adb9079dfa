package index

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/search"
)

// The plan's queries (query.go) are trees of nodes: a term of a field, any
// of several nodes, or one scored node that others only filter. A search
// runs them on one snapshot of the index with matchers that walk its
// postings (postings.go) and score as bleve scores the same query: BM25
// with bleve's query weight, a disjunction's sum scaled by the share of its
// clauses that match, a filter unscored. Unlike bleve's
// searchers, a matcher keeps no per-document objects: a common term's
// thousands of postings cost their decoding and a comparison each.

// node is a query over the index's postings.
type node interface {
	// open returns the node's matcher on s, on its first document;
	// scored false: the node only filters (no frequencies are read).
	open(s *snapshot, scored bool) (matcher, error)
}

// termNode matches the quotes whose field has term.
type termNode struct {
	field, term string
	boost       float64
}

// anyNode matches the quotes any of its nodes matches; none when empty.
type anyNode []node

// allNode matches the quotes must matches and every filter matches, scored
// by must alone.
type allNode struct {
	must    node
	filters []node
}

// exhausted is the document of a matcher past its last document.
const exhausted = math.MaxUint64

// matcher walks the documents a node matches, in increasing document
// number (bleve's internal ids, which follow the snapshot's segments).
type matcher interface {
	doc() uint64                           // the current document, or exhausted
	next() (uint64, error)                 // moves past the current document
	advance(target uint64) (uint64, error) // moves to the first document >= target
	score() float64                        // the current document's score
}

// termMatcher walks one term's postings.
type termMatcher struct {
	p      *postings
	scored bool
	weight float64 // bleve's query weight times its idf: boost·idf²
	// BM25's length normalisation, k1·(1-b) + k1·b·length/avgLength, as
	// its two parts: lengthPart is k1·b/avgLength.
	fixedPart, lengthPart float64
}

func (n termNode) open(s *snapshot, scored bool) (matcher, error) {
	p, err := s.openPostings(n.field, n.term, scored)
	if err != nil {
		return nil, err
	}
	m := &termMatcher{p: p, scored: scored}
	if scored {
		idf := bm25IDF(s.docs, s.docFreq(n.field, n.term))
		m.weight = n.boost * idf * idf
		avgLen, err := s.avgFieldLen(n.field)
		if err != nil {
			return nil, err
		}
		m.fixedPart = search.BM25_k1 * (1 - search.BM25_b)
		if avgLen > 0 {
			m.lengthPart = search.BM25_k1 * search.BM25_b / avgLen
		}
	}
	if _, err := p.next(); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *termMatcher) doc() uint64 { return m.p.doc }

func (m *termMatcher) next() (uint64, error) {
	if m.p.doc == exhausted {
		return exhausted, nil
	}
	return m.p.next()
}

func (m *termMatcher) advance(target uint64) (uint64, error) {
	switch {
	case target <= m.p.doc:
		return m.p.doc, nil
	case target == m.p.doc+1:
		return m.p.next() // the next posting, without a seek
	}
	return m.p.advance(target)
}

// score is bleve's BM25 score of the term in the current document (its
// term frequency's square root, and the field's length from the norm).
func (m *termMatcher) score() float64 {
	if !m.scored {
		return 0
	}
	var tf float64
	if f := m.p.cur.Frequency(); f < uint64(len(sqrtFreq)) {
		tf = sqrtFreq[f]
	} else {
		tf = math.Sqrt(float64(f))
	}
	norm := m.p.cur.Norm()
	length := 1 / (norm * norm)
	return m.weight * tf * search.BM25_k1 / (tf + m.fixedPart + m.lengthPart*length)
}

// sqrtFreq holds the square roots of the frequencies most postings have.
var sqrtFreq = func() (t [64]float64) {
	for i := range t {
		t[i] = math.Sqrt(float64(i))
	}
	return t
}()

// anyMatcher walks the union of its matchers' documents.
type anyMatcher struct {
	subs  []matcher
	docs  []uint64 // each sub's current document
	total int      // the node's clauses, for the share matched
	cur   uint64
	// lazy: unscored, it stops advancing its subs at the first that has
	// the target; those behind it advance on the next move.
	lazy bool
}

func (n anyNode) open(s *snapshot, scored bool) (matcher, error) {
	if len(n) == 1 {
		return n[0].open(s, scored)
	}
	m := &anyMatcher{total: len(n), subs: make([]matcher, 0, len(n)), docs: make([]uint64, 0, len(n)), lazy: !scored}
	for _, c := range n {
		sub, err := c.open(s, scored)
		if err != nil {
			return nil, err
		}
		m.subs = append(m.subs, sub)
		m.docs = append(m.docs, sub.doc())
	}
	m.cur = slices.Min(append(m.docs, exhausted))
	return m, nil
}

func (m *anyMatcher) doc() uint64 { return m.cur }

func (m *anyMatcher) next() (uint64, error) {
	if m.cur == exhausted {
		return exhausted, nil
	}
	return m.advance(m.cur + 1)
}

func (m *anyMatcher) advance(target uint64) (uint64, error) {
	if target <= m.cur {
		return m.cur, nil
	}
	cur := uint64(exhausted)
	for i, d := range m.docs {
		if d < target {
			var err error
			if d, err = m.subs[i].advance(target); err != nil {
				return exhausted, err
			}
			m.docs[i] = d
		}
		if d == target && m.lazy {
			m.cur = target
			return target, nil
		}
		cur = min(cur, d)
	}
	m.cur = cur
	return cur, nil
}

// score is the sum of the matching clauses' scores times the share of the
// clauses that match (bleve's coordination factor).
func (m *anyMatcher) score() float64 {
	sum, matched := 0.0, 0
	for i, d := range m.docs {
		if d == m.cur {
			sum += m.subs[i].score()
			matched++
		}
	}
	return sum * float64(matched) / float64(m.total)
}

// allMatcher walks must's documents that every filter has.
type allMatcher struct {
	must    matcher
	filters []matcher
	cur     uint64
}

func (n allNode) open(s *snapshot, scored bool) (matcher, error) {
	must, err := n.must.open(s, scored)
	if err != nil {
		return nil, err
	}
	m := &allMatcher{must: must}
	for _, f := range n.filters {
		fm, err := f.open(s, false)
		if err != nil {
			return nil, err
		}
		m.filters = append(m.filters, fm)
	}
	return m, m.align(must.doc())
}

// align moves to the first document from d on that must and every filter
// have.
func (m *allMatcher) align(d uint64) error {
	for d != exhausted {
		agreed := true
		for _, f := range m.filters {
			fd, err := f.advance(d)
			if err != nil {
				return err
			}
			if fd != d {
				if d, err = m.must.advance(fd); err != nil {
					return err
				}
				agreed = false
				break
			}
		}
		if agreed {
			break
		}
	}
	m.cur = d
	return nil
}

func (m *allMatcher) doc() uint64 { return m.cur }

func (m *allMatcher) next() (uint64, error) {
	if m.cur == exhausted {
		return exhausted, nil
	}
	d, err := m.must.next()
	if err != nil {
		return exhausted, err
	}
	return m.cur, m.align(d)
}

func (m *allMatcher) advance(target uint64) (uint64, error) {
	if target <= m.cur {
		return m.cur, nil
	}
	d, err := m.must.advance(target)
	if err != nil {
		return exhausted, err
	}
	return m.cur, m.align(d)
}

func (m *allMatcher) score() float64 { return m.must.score() }

// scoredDoc is a document and its score.
type scoredDoc struct {
	doc   uint64
	score float64
}

// worseFirst is a heap of the best documents so far, the worst on top:
// lower score, or the same score and a later document (the earlier of
// equals is kept, as bleve keeps it).
type worseFirst []scoredDoc

func (h worseFirst) Len() int { return len(h) }
func (h worseFirst) Less(i, j int) bool {
	if h[i].score != h[j].score {
		return h[i].score < h[j].score
	}
	return h[i].doc > h[j].doc
}
func (h worseFirst) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *worseFirst) Push(x any)   { *h = append(*h, x.(scoredDoc)) }
func (h *worseFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// cancelEvery is how many documents a search walks between looks at its
// context.
const cancelEvery = 4096

// topDocs runs n on s and returns its k best documents, best first, and
// how many documents it matches.
func topDocs(ctx context.Context, s *snapshot, n node, k int) (docs []uint64, total int, err error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, fmt.Errorf("search quotes: %w", err)
	}
	m, err := n.open(s, true)
	if err != nil {
		return nil, 0, fmt.Errorf("search quotes: %w", err)
	}
	best := make(worseFirst, 0, k+1)
	for d := m.doc(); d != exhausted; {
		total++
		if total%cancelEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, 0, fmt.Errorf("search quotes: %w", err)
			}
		}
		c := scoredDoc{doc: d, score: m.score()}
		if len(best) < k {
			heap.Push(&best, c)
		} else if k > 0 && (c.score > best[0].score) {
			best[0] = c
			heap.Fix(&best, 0)
		}
		if d, err = m.next(); err != nil {
			return nil, 0, fmt.Errorf("search quotes: %w", err)
		}
	}
	slices.SortFunc(best, func(a, b scoredDoc) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return cmp.Compare(a.doc, b.doc)
	})
	docs = make([]uint64, len(best))
	for i, c := range best {
		docs[i] = c.doc
	}
	return docs, total, nil
}
