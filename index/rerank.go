package index

import (
	"math"
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
// same analysis gives the highlights.

// storedFields are the fields a candidate's clauses are scored on.
var storedFields = []string{fieldText, fieldTitle, fieldSpeaker, fieldStrategyName}

// avgFieldLen is a typical length in terms of each field, for BM25's
// length normalisation.
var avgFieldLen = map[string]float64{
	fieldText: championAvgLen, fieldWords: championAvgLen, fieldTitle: 8, fieldSpeaker: 3, fieldStrategyName: 3,
}

// bm25IDF is bleve's BM25 inverse document frequency.
func bm25IDF(docs, df uint64) float64 {
	return math.Log(1 + (float64(docs)-float64(df)+0.5)/(float64(df)+0.5))
}

// fieldTerms is one field of a candidate, analysed.
type fieldTerms struct {
	tokens analysis.TokenStream
}

// tf is how many times term occurs in the field.
func (ft *fieldTerms) tf(term string) int {
	n := 0
	for _, t := range ft.tokens {
		if string(t.Term) == term {
			n++
		}
	}
	return n
}

// rankedDoc is a quote found by the first stage, as rerank scores it.
type rankedDoc struct {
	id     string
	score  float64
	fields map[string]*fieldTerms
}

// analyzed returns field of the candidate analysed from its stored value.
// The quote text is segmented once for both its fields: the text field's
// stems are the words field's terms, stemmed.
func (x *Index) analyzed(h *search.DocumentMatch, doc *rankedDoc, field string) *fieldTerms {
	if ft, ok := doc.fields[field]; ok {
		return ft
	}
	switch field {
	case fieldText, fieldWords:
		text, _ := h.Fields[fieldText].(string)
		words := x.wordsAnalyzer.Analyze([]byte(text))
		stems := make(analysis.TokenStream, len(words))
		copies := make([]analysis.Token, len(words))
		for i, t := range words {
			copies[i] = *t
			stems[i] = &copies[i]
		}
		doc.fields[fieldWords] = &fieldTerms{tokens: words}
		doc.fields[fieldText] = &fieldTerms{tokens: x.stemmer.Filter(stems)}
	default:
		a := x.stemAnalyzer
		if field == fieldSpeaker {
			a = x.nameAnalyzer
		}
		value, _ := h.Fields[field].(string)
		doc.fields[field] = &fieldTerms{tokens: a.Analyze([]byte(value))}
	}
	return doc.fields[field]
}

// rerank scores the candidates by the plan's clauses, best first; ties keep
// the first stage's order.
func (x *Index) rerank(p *plan, hits search.DocumentMatchCollection) []*rankedDoc {
	out := make([]*rankedDoc, len(hits))
	for i, h := range hits {
		doc := &rankedDoc{id: h.ID, fields: map[string]*fieldTerms{}}
		matchedWords := 0
		for _, w := range p.words {
			sum, matched := 0.0, 0
			for _, c := range w.clauses {
				ft := x.analyzed(h, doc, c.field)
				tf := float64(ft.tf(c.term))
				if tf == 0 {
					continue
				}
				matched++
				norm := 1 - championB + championB*float64(len(ft.tokens))/avgFieldLen[c.field]
				sum += c.boost * c.idf * tf * championK1 / (tf + championK1*norm)
			}
			if matched > 0 {
				matchedWords++
				doc.score += sum * float64(matched) / float64(len(w.clauses))
			}
		}
		doc.score *= float64(matchedWords) / float64(len(p.words))
		out[i] = doc
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// rerankHighlights returns the byte ranges of the quote text that the plan's
// text clauses matched, from the analysis rerank made.
func rerankHighlights(p *plan, doc *rankedDoc) []bot.Span {
	var spans []bot.Span
	for _, field := range []string{fieldText, fieldWords} {
		ft := doc.fields[field]
		if ft == nil {
			continue
		}
		terms := map[string]bool{}
		for _, w := range p.words {
			for _, c := range w.clauses {
				if c.field == field {
					terms[c.term] = true
				}
			}
		}
		for _, t := range ft.tokens {
			if terms[string(t.Term)] {
				spans = append(spans, bot.Span{Start: t.Start, End: t.End})
			}
		}
	}
	return mergeSpans(spans)
}
