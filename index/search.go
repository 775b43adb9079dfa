package index

import (
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/stancebot/stancebot/bot"
)

// Search limits.
const (
	defaultLimit = 5
	maxLimit     = 50
	maxOffset    = 1000
	// minCandidates is how many first-stage candidates a search on a large
	// index ranks again (rerank.go).
	minCandidates = 40
)

// Search finds the quotes best matching the user's words, with the byte
// ranges of each quote's text that matched. The words are only ever words:
// the query is built term by term, never parsed. On a large index, Total
// counts the quotes the first stage considered: those matching the query's
// uncommon words, or among the champions of its common ones.
func (x *Index) Search(ctx context.Context, q bot.QuoteQuery) (bot.QuoteHits, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	offset := min(max(q.Offset, 0), maxOffset)

	p, err := x.plan(ctx, q)
	if err != nil || p == nil {
		return bot.QuoteHits{}, err
	}
	if p.twoStage {
		hits, err := x.searchTwoStage(ctx, p, offset, limit)
		if err != nil || hits.Total > 0 {
			return hits, err
		}
		// Nothing among the candidates: the champion lists missed, so
		// search the whole postings.
	}
	req := bleve.NewSearchRequestOptions(p.exact, limit, offset, false)
	req.IncludeLocations = true
	res, err := x.bi.SearchInContext(ctx, req)
	if err != nil {
		return bot.QuoteHits{}, fmt.Errorf("search quotes: %w", err)
	}
	out := bot.QuoteHits{Total: int(res.Total), Hits: make([]bot.QuoteHit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, bot.QuoteHit{QuoteID: h.ID, Score: h.Score, Highlights: highlights(h)})
	}
	return out, nil
}

// searchTwoStage runs the candidates query of p, then ranks its best hits
// again by words (rerank.go) and returns the page asked for.
func (x *Index) searchTwoStage(ctx context.Context, p *plan, offset, limit int) (bot.QuoteHits, error) {
	req := bleve.NewSearchRequestOptions(p.candidates, max(minCandidates, 2*(offset+limit)), 0, false)
	req.Fields = p.storedFields()
	res, err := x.bi.SearchInContext(ctx, req)
	if err != nil {
		return bot.QuoteHits{}, fmt.Errorf("search quotes: %w", err)
	}
	ranked := x.rerank(p, res.Hits)
	out := bot.QuoteHits{Total: int(res.Total)}
	page := ranked[min(offset, len(ranked)):min(offset+limit, len(ranked))]
	out.Hits = make([]bot.QuoteHit, 0, len(page))
	for _, doc := range page {
		out.Hits = append(out.Hits, bot.QuoteHit{QuoteID: doc.id, Score: doc.score, Highlights: x.rerankHighlights(p, doc.text)})
	}
	return out, nil
}

// highlights returns the merged, sorted byte ranges of the quote text that
// matched, from the term locations of the text fields.
func highlights(h *search.DocumentMatch) []bot.Span {
	var spans []bot.Span
	for _, field := range []string{fieldText, fieldWords} {
		for _, locs := range h.Locations[field] {
			for _, l := range locs {
				if l.End > l.Start {
					spans = append(spans, bot.Span{Start: int(l.Start), End: int(l.End)})
				}
			}
		}
	}
	return mergeSpans(spans)
}

// mergeSpans sorts spans and merges those that overlap or touch.
func mergeSpans(spans []bot.Span) []bot.Span {
	if len(spans) == 0 {
		return nil
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].Start != spans[j].Start {
			return spans[i].Start < spans[j].Start
		}
		return spans[i].End < spans[j].End
	})
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.Start <= last.End {
			last.End = max(last.End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}
