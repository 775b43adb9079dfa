package index

import (
	"encoding/binary"
	"errors"

	"github.com/blevesearch/bleve/v2/analysis"
)

// A quote's rank document is what ranking and highlighting need of it,
// analysed once when it is indexed and stored in its rank field: for each
// slot, the field's length in terms and its distinct terms with their
// frequencies; and the text's tokens, each with its byte range and the
// indexes of its word and its stem among the words and text slots' terms.
// A search decodes it into reused buffers: no text is analysed again, and
// one stored field is read per candidate.
//
// Encoding, all numbers unsigned varints: per slot, length, number of
// terms, then per term its byte length, its bytes and its frequency; then
// the number of tokens and per token its start minus the previous token's
// end, its byte length, its word index and its stem index.

// rankDoc is a decoded rank document. Its terms are substrings of the
// stored value.
type rankDoc struct {
	slots  [numSlots]slotTerms
	tokens []textToken
}

// slotTerms are the terms of one slot of a quote.
type slotTerms struct {
	length int
	terms  []termFreq
}

// termFreq is a term and how many times the slot has it.
type termFreq struct {
	term string
	tf   int
}

// textToken is one token of the quote text.
type textToken struct {
	start, end int
	word, stem int // indexes into the words and text slots' terms
}

// tf returns how many times the field of slot has term.
func (d *rankDoc) tf(slot int, term string) int {
	for _, t := range d.slots[slot].terms {
		if t.term == term {
			return t.tf
		}
	}
	return 0
}

// encodeRankDoc analyses a quote's values, by slot, into its rank document.
func (x *Index) encodeRankDoc(values [numSlots]string) string {
	bufs := x.encodeBufs.Get().(*[3]tokenBuf)
	defer x.encodeBufs.Put(bufs)
	wbuf, sbuf, obuf := &bufs[0], &bufs[1], &bufs[2]
	words := x.wordsPipe.analyze(wbuf, values[slotText])
	stems := stemmed(sbuf, words)
	var out []byte
	put := func(n int) { out = binary.AppendUvarint(out, uint64(n)) }
	// terms writes a slot's terms, in order of first occurrence, and
	// returns each token's term index.
	terms := func(toks [][]byte) []int {
		idx := make(map[string]int, len(toks))
		var order []string
		var tf []int
		at := make([]int, len(toks))
		for i, t := range toks {
			k, ok := idx[string(t)]
			if !ok {
				k = len(order)
				idx[string(t)] = k
				order = append(order, string(t))
				tf = append(tf, 0)
			}
			tf[k]++
			at[i] = k
		}
		put(len(toks))
		put(len(order))
		for k, t := range order {
			put(len(t))
			out = append(out, t...)
			put(tf[k])
		}
		return at
	}
	termsOf := func(ts analysis.TokenStream) [][]byte {
		out := make([][]byte, len(ts))
		for i, t := range ts {
			out[i] = t.Term
		}
		return out
	}
	var wordAt, stemAt []int
	for slot := 0; slot < numSlots; slot++ {
		switch slot {
		case slotText:
			stemAt = terms(termsOf(stems))
		case slotWords:
			wordAt = terms(termsOf(words))
		default:
			pipe := x.stemPipe
			if slot == slotSpeaker {
				pipe = x.namePipe
			}
			terms(termsOf(pipe.analyze(obuf, values[slot])))
		}
	}
	put(len(words))
	end := 0
	for i, t := range words {
		put(t.Start - end)
		put(t.End - t.Start)
		put(wordAt[i])
		put(stemAt[i])
		end = t.End
	}
	return string(out)
}

var errRankDoc = errors.New("corrupt rank document")

// decodeRankDoc decodes s into d, reusing d's buffers.
func decodeRankDoc(s string, d *rankDoc) error {
	pos := 0
	next := func() (int, bool) {
		var v uint64
		for shift := uint(0); pos < len(s) && shift < 64; shift += 7 {
			b := s[pos]
			pos++
			v |= uint64(b&0x7f) << shift
			if b < 0x80 {
				return int(v), v < 1<<31
			}
		}
		return 0, false
	}
	for slot := range d.slots {
		st := &d.slots[slot]
		var ok bool
		if st.length, ok = next(); !ok {
			return errRankDoc
		}
		n, ok := next()
		if !ok || n > len(s) {
			return errRankDoc
		}
		st.terms = st.terms[:0]
		for i := 0; i < n; i++ {
			l, ok := next()
			if !ok || pos+l > len(s) {
				return errRankDoc
			}
			term := s[pos : pos+l]
			pos += l
			tf, ok := next()
			if !ok {
				return errRankDoc
			}
			st.terms = append(st.terms, termFreq{term: term, tf: tf})
		}
	}
	n, ok := next()
	if !ok || n > len(s) {
		return errRankDoc
	}
	d.tokens = d.tokens[:0]
	end := 0
	nw, nt := len(d.slots[slotWords].terms), len(d.slots[slotText].terms)
	for i := 0; i < n; i++ {
		gap, ok1 := next()
		l, ok2 := next()
		w, ok3 := next()
		st, ok4 := next()
		if !ok1 || !ok2 || !ok3 || !ok4 || w >= nw || st >= nt {
			return errRankDoc
		}
		t := textToken{start: end + gap, end: end + gap + l, word: w, stem: st}
		d.tokens = append(d.tokens, t)
		end = t.end
	}
	if pos != len(s) {
		return errRankDoc
	}
	return nil
}
