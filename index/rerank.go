package index

import (
	"math"
	"slices"
	"sort"

	"github.com/stancebot/stancebot/bot"
)

// The candidates bleve finds are ranked here, from their rank documents
// (rankdoc.go). A quote ranks first by how many of the query's words it
// matches, each word counted by the best field it is found in (slotWeight:
// the quote text and the speaker fully, the stance summary and the
// person's role less, the source title and strategy name least), so that
// a match in a title never outranks the same words in a quote; then by
// the words' BM25 scores (k1, b and idf as bleve computes them) in every
// field, and by the words of the query found next to each other in the
// text, in the query's order or near it.

// Fields a candidate is ranked on, as indexes of slotFields.
const (
	slotText = iota
	slotWords
	slotSpeaker
	slotTitle
	slotStrategyName
	slotSummary
	slotRole
	numSlots
)

// slotFields are the fields of the slots. The words slot is the text
// analysed without stemming.
var slotFields = [numSlots]string{fieldText, fieldWords, fieldSpeaker, fieldTitle, fieldStrategyName, fieldSummary, fieldRole}

// slotWeight is how much a word found in a slot counts towards the words a
// quote matches.
var slotWeight = [numSlots]float64{1, 1, 1, 0.5, 0.5, 0.75, 0.6}

// avgFieldLen is a typical length in terms of each field, for BM25's
// length normalisation.
var avgFieldLen = [numSlots]float64{championAvgLen, championAvgLen, 3, 8, 3, 12, 30}

// Proximity: two words of the query next to each other in the text, in
// the query's order, add this share of the lesser of their weights;
// within proximityWindow tokens in any order, nearBonus.
const (
	phraseBonus     = 0.5
	nearBonus       = 0.2
	proximityWindow = 3
)

// slotOf returns the slot of field, one of slotFields: every field a
// clause names.
func slotOf(field string) int {
	return slices.Index(slotFields[:], field)
}

// bm25IDF is bleve's BM25 inverse document frequency.
func bm25IDF(docs, df uint64) float64 {
	return math.Log(1 + (float64(docs)-float64(df)+0.5)/(float64(df)+0.5))
}

// rankedDoc is a candidate as rerank scores it.
type rankedDoc struct {
	id, rank string // the quote id and its rank document
	matched  float64
	score    float64
}

// rerankScratch is a decoded rank document and the text tokens' matches,
// kept from one candidate and one search to the next (Index.scratch) so
// that their buffers are reused.
type rerankScratch struct {
	doc  rankDoc
	mask []uint32 // per text token, the query words it matches
	// per distinct word and stem of the text, the query words it matches
	wordMarks, stemMarks []uint32
}

// rerank reads the candidates' rank documents, each once, and scores them
// by the plan's clauses. A candidate whose rank document cannot be decoded
// is dropped.
func (x *Index) rerank(snap *snapshot, p *plan, docs []uint64) ([]rankedDoc, error) {
	sc := x.scratch.Get().(*rerankScratch)
	defer x.scratch.Put(sc)
	out := make([]rankedDoc, 0, len(docs))
	for _, d := range docs {
		id, raw, err := snap.quote(d)
		if err != nil {
			return nil, err
		}
		if err := decodeRankDoc(raw, &sc.doc); err != nil {
			x.log.Warn("quote index: unreadable rank document", "quote", id, "err", err)
			continue
		}
		matched, score := p.score(sc)
		out = append(out, rankedDoc{id: id, rank: raw, matched: matched, score: score})
	}
	return out, nil
}

// sortRanked sorts ranked documents best first: most words matched, then
// highest score; ties keep their order.
func sortRanked(docs []rankedDoc) []rankedDoc {
	sort.SliceStable(docs, func(i, j int) bool {
		if docs[i].matched != docs[j].matched {
			return docs[i].matched > docs[j].matched
		}
		return docs[i].score > docs[j].score
	})
	return docs
}

// score returns the decoded candidate's matched words (weighted by slot)
// and its score.
func (p *plan) score(sc *rerankScratch) (matched, score float64) {
	d := &sc.doc
	for _, w := range p.words {
		best := 0.0
		for _, c := range w.clauses {
			f := float64(d.tf(c.slot, c.term))
			if f == 0 {
				continue
			}
			best = max(best, slotWeight[c.slot])
			norm := 1 - championB + championB*float64(d.slots[c.slot].length)/avgFieldLen[c.slot]
			score += c.boost * c.idf * f * championK1 / (f + championK1*norm)
		}
		matched += best
	}
	if len(p.words) > 1 {
		score += p.proximity(sc)
	}
	// Weights are multiples of 0.05: rounding makes equal sums equal.
	return math.Round(matched*100) / 100, score
}

// markText sets sc.mask: for each text token, the query words it matches.
// The words' clauses are matched against the document's distinct words and
// stems once, and each token takes the marks of its word and its stem.
func (p *plan) markText(sc *rerankScratch) {
	d := &sc.doc
	words, stems := d.slots[slotWords].terms, d.slots[slotText].terms
	sc.wordMarks = marks(sc.wordMarks, len(words))
	sc.stemMarks = marks(sc.stemMarks, len(stems))
	for wi, w := range p.words {
		for _, c := range w.clauses {
			terms, into := words, sc.wordMarks
			switch c.slot {
			case slotWords:
			case slotText:
				terms, into = stems, sc.stemMarks
			default:
				continue
			}
			for i, t := range terms {
				if t.term == c.term {
					into[i] |= 1 << wi
				}
			}
		}
	}
	sc.mask = slices.Grow(sc.mask[:0], len(d.tokens))[:len(d.tokens)]
	for i, t := range d.tokens {
		sc.mask[i] = sc.wordMarks[t.word] | sc.stemMarks[t.stem]
	}
}

// marks returns buf as n cleared marks.
func marks(buf []uint32, n int) []uint32 {
	buf = slices.Grow(buf[:0], n)[:n]
	clear(buf)
	return buf
}

// proximity is the bonus of the query's words found near each other in the
// text.
func (p *plan) proximity(sc *rerankScratch) float64 {
	p.markText(sc)
	bonus := 0.0
	for wi := 0; wi+1 < len(p.words); wi++ {
		a, b := uint32(1)<<wi, uint32(1)<<(wi+1)
		best := 0.0
		for i, m := range sc.mask {
			if m&a == 0 {
				continue
			}
			if i+1 < len(sc.mask) && sc.mask[i+1]&b != 0 {
				best = phraseBonus
				break
			}
			for j := max(0, i-proximityWindow); j <= min(len(sc.mask)-1, i+proximityWindow); j++ {
				if j != i && sc.mask[j]&b != 0 {
					best = max(best, nearBonus)
				}
			}
		}
		bonus += best * min(p.words[wi].weight, p.words[wi+1].weight)
	}
	return bonus
}

// highlights returns the byte ranges of a quote's text that the plan's
// text and words clauses match, a token each, in text order (the core
// normalises them with the text, bot.NormalizeSpans).
func (x *Index) highlights(p *plan, rank string) []bot.Span {
	sc := x.scratch.Get().(*rerankScratch)
	defer x.scratch.Put(sc)
	if decodeRankDoc(rank, &sc.doc) != nil {
		return nil
	}
	p.markText(sc)
	var spans []bot.Span
	for i, t := range sc.doc.tokens {
		if sc.mask[i] != 0 {
			spans = append(spans, bot.Span{Start: t.start, End: t.end})
		}
	}
	return spans
}
