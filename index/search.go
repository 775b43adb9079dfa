package index

import (
	"context"
	"fmt"

	"github.com/stancebot/stancebot/bot"
)

// Search limits.
const (
	defaultLimit = 5
	maxLimit     = 50
	maxOffset    = 1000
	// minCandidates is how many candidates of each query a search ranks
	// again (rerank.go).
	minCandidates = 40
)

// Search finds the quotes best matching the user's words, with the byte
// ranges of each quote's text that matched. The words are only ever words:
// the query is built term by term, never parsed. Candidates are the quotes
// matching all the words, then, if too few do, those matching any (on a
// large index, those among the champions of common words); they are ranked
// again (rerank.go). Total counts the quotes matching all the words, or,
// when the page needed more, those the query of any word considered.
func (x *Index) Search(ctx context.Context, q bot.QuoteQuery) (hits bot.QuoteHits, err error) {
	if !x.ready.Load() {
		return bot.QuoteHits{}, x.errBuilding()
	}
	defer func() {
		// bleve panics on some damaged segments: an error, not a crash.
		if r := recover(); r != nil {
			x.log.Error("quote search panicked: the index may be damaged; remove it to rebuild", "dir", x.dir, "panic", r)
			hits, err = bot.QuoteHits{}, fmt.Errorf("search quotes: the index is damaged: %v", r)
		}
	}()
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	offset := min(max(q.Offset, 0), maxOffset)

	snap, err := x.snapshot()
	if err != nil {
		return bot.QuoteHits{}, err
	}
	defer snap.close()
	p := x.plan(snap, q)
	if p == nil {
		return bot.QuoteHits{}, nil
	}
	need := max(minCandidates, 2*(offset+limit))
	var ranked []rankedDoc
	total := 0
	seen := map[uint64]bool{}
	// find adds the candidates of n, ranked, to ranked.
	find := func(n node) error {
		docs, matched, err := topDocs(ctx, snap, n, need)
		if err != nil {
			return err
		}
		total = max(total, matched)
		fresh := docs[:0]
		for _, d := range docs {
			if !seen[d] {
				seen[d] = true
				fresh = append(fresh, d)
			}
		}
		more, err := x.rerank(snap, p, fresh)
		ranked = sortRanked(append(ranked, more...))
		return err
	}
	if p.all != nil {
		if err := find(p.all); err != nil {
			return bot.QuoteHits{}, err
		}
	}
	// Too few quotes match every word to fill the candidates: add those
	// matching any (they also count towards Total, which pages the answer).
	if len(ranked) < need {
		if err := find(p.any); err != nil {
			return bot.QuoteHits{}, err
		}
	}
	if len(ranked) == 0 && p.full != nil {
		// The champion lists missed: search the whole postings.
		if err := find(p.full); err != nil {
			return bot.QuoteHits{}, err
		}
	}
	page := ranked[min(offset, len(ranked)):min(offset+limit, len(ranked))]
	out := bot.QuoteHits{Total: total, Hits: make([]bot.QuoteHit, 0, len(page))}
	for _, doc := range page {
		out.Hits = append(out.Hits, bot.QuoteHit{QuoteID: doc.id, Score: 100*doc.matched + doc.score, Highlights: x.highlights(p, doc.rank)})
	}
	return out, nil
}
