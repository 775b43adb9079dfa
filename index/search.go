package index

import (
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/stancebot/stancebot/bot"
)

// Search limits.
const (
	defaultLimit = 5
	maxLimit     = 50
	maxOffset    = 1000
)

// Search finds the quotes best matching the user's words, with the byte
// ranges of each quote's text that matched. The words are only ever words:
// the query is built term by term, never parsed.
func (x *Index) Search(ctx context.Context, q bot.QuoteQuery) (bot.QuoteHits, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	offset := min(max(q.Offset, 0), maxOffset)

	narrow, wide, err := x.buildQuery(ctx, q)
	if err != nil {
		return bot.QuoteHits{}, err
	}
	if wide == nil {
		return bot.QuoteHits{}, nil
	}
	var res *bleve.SearchResult
	for _, bq := range []query.Query{narrow, wide} {
		if bq == nil {
			continue
		}
		req := bleve.NewSearchRequestOptions(bq, limit, offset, false)
		req.IncludeLocations = true
		if res, err = x.bi.SearchInContext(ctx, req); err != nil {
			return bot.QuoteHits{}, fmt.Errorf("search quotes: %w", err)
		}
		if res.Total > 0 {
			break
		}
	}
	out := bot.QuoteHits{Total: int(res.Total), Hits: make([]bot.QuoteHit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, bot.QuoteHit{QuoteID: h.ID, Score: h.Score, Highlights: highlights(h)})
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
