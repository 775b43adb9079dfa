package index

import (
	"fmt"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
	"github.com/blevesearch/segment"
)

// pipeline runs the steps of one of the mapping's analyzers (char filters,
// the unicode tokenizer, token filters, the Porter stemmer last) on buffers
// that are reused from one analysis to the next: the rank document of every
// quote indexed is analysed with them (rankdoc.go), without bleve's
// allocation of every token and every stem. A pipeline gives the
// analyzer's very tokens (tested).
type pipeline struct {
	analyzer analysis.Analyzer // the analyzer itself: the query's words, champion terms, input the segmenter rejects
	chars    []analysis.CharFilter
	filters  []analysis.TokenFilter // the token filters before stemming
	stem     bool                   // the analyzer ends with the Porter stemmer
}

// newPipeline returns the pipeline of a, which must be a bleve default
// analyzer with the unicode tokenizer and, if any, the Porter stemmer as its
// last token filter.
func newPipeline(a analysis.Analyzer) (*pipeline, error) {
	da, ok := a.(*analysis.DefaultAnalyzer)
	if !ok {
		return nil, fmt.Errorf("analyzer %T is not a default analyzer", a)
	}
	if _, ok := da.Tokenizer.(*unicode.UnicodeTokenizer); !ok {
		return nil, fmt.Errorf("analyzer tokenizer %T is not the unicode tokenizer", da.Tokenizer)
	}
	p := &pipeline{analyzer: a, chars: da.CharFilters, filters: da.TokenFilters}
	if n := len(p.filters); n > 0 {
		if _, ok := p.filters[n-1].(*porter.PorterStemmer); ok {
			p.filters, p.stem = p.filters[:n-1], true
		}
	}
	for _, f := range p.filters {
		if _, ok := f.(*porter.PorterStemmer); ok {
			return nil, fmt.Errorf("analyzer has the Porter stemmer before its last token filter")
		}
	}
	return p, nil
}

// tokenBuf holds the buffers of one analysis. Tokens it returns are valid
// until it analyses again.
type tokenBuf struct {
	input  []byte
	segs   [][]byte
	types  []int
	tokens []analysis.Token
	stream analysis.TokenStream
	runes  []rune
	stems  []byte
}

// analyze returns the tokens of text, as p's analyzer gives them, in buf.
func (p *pipeline) analyze(buf *tokenBuf, text string) analysis.TokenStream {
	buf.input = append(buf.input[:0], text...)
	input := buf.input
	for _, cf := range p.chars {
		input = cf.Filter(input)
	}
	// The unicode tokenizer, on the whole input at once: the same
	// segments, with the same offsets, positions and types.
	segs, types, _, err := segment.SegmentWordsDirect(input, buf.segs[:0], buf.types[:0])
	buf.segs, buf.types = segs, types
	if err != nil {
		return p.analyzer.Analyze([]byte(text))
	}
	tokens := buf.tokens[:0]
	start, pos := 0, 1
	for i, s := range segs {
		end := start + len(s)
		if types[i] != segment.None {
			tokens = append(tokens, analysis.Token{Term: s, Start: start, End: end, Position: pos, Type: tokenType(types[i])})
			pos++
		}
		start = end
	}
	buf.tokens = tokens
	stream := buf.stream[:0]
	for i := range tokens {
		stream = append(stream, &tokens[i])
	}
	buf.stream = stream
	for _, f := range p.filters {
		stream = f.Filter(stream)
	}
	if p.stem {
		stemTokens(buf, stream)
	}
	return stream
}

// stemmed returns copies of tokens, the tokens of a pipeline without its
// stemmer, stemmed as the Porter stemmer does, in buf.
func stemmed(buf *tokenBuf, tokens analysis.TokenStream) analysis.TokenStream {
	buf.tokens = buf.tokens[:0]
	for _, t := range tokens {
		buf.tokens = append(buf.tokens, *t)
	}
	buf.stream = buf.stream[:0]
	for i := range buf.tokens {
		buf.stream = append(buf.stream, &buf.tokens[i])
	}
	stemTokens(buf, buf.stream)
	return buf.stream
}

// stemTokens stems tokens in place as bleve's Porter stemmer filter does,
// writing the stems into buf.stems.
func stemTokens(buf *tokenBuf, tokens analysis.TokenStream) {
	buf.stems = buf.stems[:0]
	for _, t := range tokens {
		if t.KeyWord {
			continue
		}
		runes := buf.runes[:0]
		for rest := t.Term; len(rest) > 0; {
			r, size := utf8.DecodeRune(rest)
			runes = append(runes, r)
			rest = rest[size:]
		}
		buf.runes = runes
		from := len(buf.stems)
		for _, r := range porterstemmer.StemWithoutLowerCasing(runes) {
			buf.stems = utf8.AppendRune(buf.stems, r)
		}
		// buf.stems may have moved: earlier stems keep the array they
		// were written to.
		t.Term = buf.stems[from:len(buf.stems):len(buf.stems)]
	}
}

// tokenType is the unicode tokenizer's token type of a segment type.
func tokenType(segmentType int) analysis.TokenType {
	switch segmentType {
	case segment.Ideo, segment.Kana:
		return analysis.Ideographic
	case segment.Number:
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}
