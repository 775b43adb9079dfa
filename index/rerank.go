package index

import (
	"math"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/stancebot/stancebot/bot"
)

// The second stage of a search on a large index ranks the candidates again
// by the plan's clauses, as the exact query would: each clause scored with
// BM25 (k1, b and idf as bleve computes them; the term frequency and field
// length from the quote's stored values, analysed again with the field's
// analyzer), a word's clauses summed and scaled by the share of them that
// matched, the words summed and scaled by the share of words that matched.
// Reading the candidates' own text is what keeps this cheap: bleve would
// walk the whole postings of every common term to score a few quotes. The
// same analysis, of the hits returned, gives the highlights.

// Fields a candidate is ranked on, as indexes of slotFields.
const (
	slotText = iota
	slotWords
	slotTitle
	slotSpeaker
	slotStrategyName
	numSlots
)

// slotFields are the fields of the slots. The words field is not stored:
// it is the text analysed without stemming.
var slotFields = [numSlots]string{fieldText, fieldWords, fieldTitle, fieldSpeaker, fieldStrategyName}

// avgFieldLen is a typical length in terms of each field, for BM25's
// length normalisation.
var avgFieldLen = [numSlots]float64{championAvgLen, championAvgLen, 8, 3, 3}

// slotOf returns the slot of field, one of slotFields: every field a
// clause names.
func slotOf(field string) int {
	return slices.Index(slotFields[:], field)
}

// storedFields returns the stored fields the rerank of p reads: the text,
// and the fields its clauses name.
func (p *plan) storedFields() []string {
	fields := []string{fieldText}
	for _, w := range p.words {
		for _, c := range w.clauses {
			if c.slot >= slotTitle && !slices.Contains(fields, slotFields[c.slot]) {
				fields = append(fields, slotFields[c.slot])
			}
		}
	}
	return fields
}

// bm25IDF is bleve's BM25 inverse document frequency.
func bm25IDF(docs, df uint64) float64 {
	return math.Log(1 + (float64(docs)-float64(df)+0.5)/(float64(df)+0.5))
}

// tf is how many times term occurs in tokens.
func tf(tokens analysis.TokenStream, term string) int {
	n := 0
	for _, t := range tokens {
		if string(t.Term) == term {
			n++
		}
	}
	return n
}

// rankedDoc is a quote found by the first stage, as rerank scores it.
type rankedDoc struct {
	id, text string
	score    float64
}

// rerankScratch is what ranking one candidate analyses, kept from one
// candidate and one search to the next (Index.scratch) so that its buffers
// are reused.
type rerankScratch struct {
	bufs   [numSlots]tokenBuf
	fields [numSlots]analysis.TokenStream
	done   [numSlots]bool
}

// field returns a field of the candidate h analysed from its stored value.
// The quote text is segmented once for both its fields: the text field's
// stems are the words field's terms, stemmed.
func (x *Index) field(sc *rerankScratch, h *search.DocumentMatch, slot int) analysis.TokenStream {
	if sc.done[slot] {
		return sc.fields[slot]
	}
	switch slot {
	case slotText, slotWords:
		text, _ := h.Fields[fieldText].(string)
		sc.fields[slotWords], sc.fields[slotText] = x.analyzeText(sc, text)
		sc.done[slotWords], sc.done[slotText] = true, true
	default:
		pipe := x.stemPipe
		if slot == slotSpeaker {
			pipe = x.namePipe
		}
		value, _ := h.Fields[slotFields[slot]].(string)
		sc.fields[slot], sc.done[slot] = pipe.analyze(&sc.bufs[slot], value), true
	}
	return sc.fields[slot]
}

// analyzeText analyses a quote text into sc's words and text buffers: the
// words field's terms, and the same stemmed (the text field's).
func (x *Index) analyzeText(sc *rerankScratch, text string) (words, stems analysis.TokenStream) {
	words = x.wordsPipe.analyze(&sc.bufs[slotWords], text)
	return words, stemmed(&sc.bufs[slotText], words)
}

// rerank scores the candidates by the plan's clauses, best first; ties keep
// the first stage's order.
func (x *Index) rerank(p *plan, hits search.DocumentMatchCollection) []rankedDoc {
	sc := x.scratch.Get().(*rerankScratch)
	defer x.scratch.Put(sc)
	out := make([]rankedDoc, len(hits))
	for i, h := range hits {
		sc.done = [numSlots]bool{}
		score, matchedWords := 0.0, 0
		for _, w := range p.words {
			sum, matched := 0.0, 0
			for _, c := range w.clauses {
				tokens := x.field(sc, h, c.slot)
				f := float64(tf(tokens, c.term))
				if f == 0 {
					continue
				}
				matched++
				norm := 1 - championB + championB*float64(len(tokens))/avgFieldLen[c.slot]
				sum += c.boost * c.idf * f * championK1 / (f + championK1*norm)
			}
			if matched > 0 {
				matchedWords++
				score += sum * float64(matched) / float64(len(w.clauses))
			}
		}
		text, _ := h.Fields[fieldText].(string)
		out[i] = rankedDoc{id: h.ID, text: text, score: score * float64(matchedWords) / float64(len(p.words))}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// rerankHighlights returns the byte ranges of a quote's text that the
// plan's text and words clauses match.
func (x *Index) rerankHighlights(p *plan, text string) []bot.Span {
	sc := x.scratch.Get().(*rerankScratch)
	defer x.scratch.Put(sc)
	words, stems := x.analyzeText(sc, text)
	var spans []bot.Span
	for i, w := range words {
		if p.matches(slotWords, w.Term) || p.matches(slotText, stems[i].Term) {
			spans = append(spans, bot.Span{Start: w.Start, End: w.End})
		}
	}
	return mergeSpans(spans)
}

// matches reports whether one of p's clauses on the field of slot is term.
func (p *plan) matches(slot int, term []byte) bool {
	for _, w := range p.words {
		for _, c := range w.clauses {
			if c.slot == slot && c.term == string(term) {
				return true
			}
		}
	}
	return false
}
