package index

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// A quote's rank document is what ranking and highlighting need of it,
// analysed once when it is indexed and kept in the rank file: for each
// slot, the field's length in terms and its distinct terms with their
// frequencies; and the text's tokens, each with its byte range and the
// indexes of its word and its stem among the words and text slots' terms.
// A search decodes it into reused buffers: no text is analysed again, and
// one record is read per candidate.
//
// Encoding, all numbers unsigned varints. First the text: the number of
// its distinct words, then per word (in order of first occurrence) its byte
// length, its bytes and its stem: 2s+1 for the stem of an earlier word, s
// its index; 2(c+1) for a new stem that is the word without its last c
// bytes; 0 for a new stem given as its byte length and bytes. Then the
// number of tokens and per token its start minus the previous token's end
// and 2w for word w when the token's byte length is the word's, or 2w+1
// followed by its byte length. The text and words slots' lengths and
// frequencies are counted from the tokens. Then, per other slot, its
// number of terms and per term: 2l and its l bytes for a term the slot
// has once, or 2l+1, its l bytes and its frequency. A slot's length is the
// sum of its frequencies.

// rankDoc is a decoded rank document. Its terms are substrings of the
// stored value.
type rankDoc struct {
	slots    [numSlots]slotTerms
	tokens   []textToken
	wordStem []int // per term of the words slot, its stem's index in the text slot
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
	// The text's words and their stems, in order of first occurrence.
	wordIdx := make(map[string]int, len(words))
	stemIdx := make(map[string]int, len(words))
	wordAt := make([]int, len(words))
	var order []int // the first token of each distinct word
	for i, t := range words {
		k, ok := wordIdx[string(t.Term)]
		if !ok {
			k = len(order)
			wordIdx[string(t.Term)] = k
			order = append(order, i)
		}
		wordAt[i] = k
	}
	put(len(order))
	for _, i := range order {
		word, stem := words[i].Term, stems[i].Term
		put(len(word))
		out = append(out, word...)
		if s, ok := stemIdx[string(stem)]; ok {
			put(2*s + 1)
			continue
		}
		stemIdx[string(stem)] = len(stemIdx)
		if len(stem) > 0 && bytes.HasPrefix(word, stem) {
			put(2 * (len(word) - len(stem) + 1))
			continue
		}
		put(0)
		put(len(stem))
		out = append(out, stem...)
	}
	put(len(words))
	end := 0
	for i, t := range words {
		put(t.Start - end)
		if t.End-t.Start == len(t.Term) {
			put(2 * wordAt[i])
		} else {
			put(2*wordAt[i] + 1)
			put(t.End - t.Start)
		}
		end = t.End
	}
	for slot := 0; slot < numSlots; slot++ {
		if slot == slotText || slot == slotWords {
			continue
		}
		pipe := x.stemPipe
		if slot == slotSpeaker {
			pipe = x.namePipe
		}
		toks := pipe.analyze(obuf, values[slot])
		idx := make(map[string]int, len(toks))
		var terms []string
		var tf []int
		for _, t := range toks {
			k, ok := idx[string(t.Term)]
			if !ok {
				k = len(terms)
				idx[string(t.Term)] = k
				terms = append(terms, string(t.Term))
				tf = append(tf, 0)
			}
			tf[k]++
		}
		put(len(terms))
		for k, t := range terms {
			if tf[k] == 1 {
				put(2 * len(t))
				out = append(out, t...)
				continue
			}
			put(2*len(t) + 1)
			out = append(out, t...)
			put(tf[k])
		}
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
	term := func() (string, bool) {
		l, ok := next()
		if !ok || pos+l > len(s) {
			return "", false
		}
		pos += l
		return s[pos-l : pos], true
	}
	words, stems := &d.slots[slotWords], &d.slots[slotText]
	words.terms, stems.terms = words.terms[:0], stems.terms[:0]
	d.wordStem = d.wordStem[:0]
	nw, ok := next()
	if !ok || nw > len(s) {
		return errRankDoc
	}
	for i := 0; i < nw; i++ {
		word, ok := term()
		if !ok {
			return errRankDoc
		}
		code, ok := next()
		if !ok {
			return errRankDoc
		}
		switch {
		case code%2 == 1:
			if code/2 >= len(stems.terms) {
				return errRankDoc
			}
			d.wordStem = append(d.wordStem, code/2)
		default:
			stem := ""
			if code == 0 {
				if stem, ok = term(); !ok {
					return errRankDoc
				}
			} else {
				cut := code/2 - 1
				if cut >= len(word) {
					return errRankDoc
				}
				stem = word[:len(word)-cut]
			}
			d.wordStem = append(d.wordStem, len(stems.terms))
			stems.terms = append(stems.terms, termFreq{term: stem})
		}
		words.terms = append(words.terms, termFreq{term: word})
	}
	n, ok := next()
	if !ok || n > len(s) {
		return errRankDoc
	}
	words.length, stems.length = n, n
	d.tokens = d.tokens[:0]
	end := 0
	for i := 0; i < n; i++ {
		gap, ok1 := next()
		w, ok2 := next()
		if !ok1 || !ok2 || w/2 >= nw {
			return errRankDoc
		}
		l := len(words.terms[w/2].term)
		if w%2 == 1 {
			var ok bool
			if l, ok = next(); !ok {
				return errRankDoc
			}
		}
		t := textToken{start: end + gap, end: end + gap + l, word: w / 2, stem: d.wordStem[w/2]}
		d.tokens = append(d.tokens, t)
		words.terms[t.word].tf++
		stems.terms[t.stem].tf++
		end = t.end
	}
	for slot := range d.slots {
		if slot == slotText || slot == slotWords {
			continue
		}
		st := &d.slots[slot]
		n, ok := next()
		if !ok || n > len(s) {
			return errRankDoc
		}
		st.terms, st.length = st.terms[:0], 0
		for i := 0; i < n; i++ {
			v, ok := next()
			if !ok || pos+v/2 > len(s) {
				return errRankDoc
			}
			t := s[pos : pos+v/2]
			pos += v / 2
			tf := 1
			if v%2 == 1 {
				if tf, ok = next(); !ok || tf > len(s) {
					return errRankDoc
				}
			}
			st.terms = append(st.terms, termFreq{term: t, tf: tf})
			st.length += tf
		}
	}
	if pos != len(s) {
		return errRankDoc
	}
	return nil
}
