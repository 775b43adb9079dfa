package index

import (
	"slices"
	"sort"
	"unicode/utf8"

	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
)

// Typo correction: a word the index does not have is replaced by the
// closest words it has (fewest edits, then most quotes), and completed if it
// may be unfinished, rather than matched against every word within reach.
const (
	maxCorrections = 3
	maxCompletions = 3
	// minPrefixLen is the shortest unknown word also completed.
	minPrefixLen = 4
)

// typoTerm is a term of the index standing in for a word it does not have.
type typoTerm struct {
	field, term string
	boost       float64
}

// typoCandidates returns the terms that stand in for a word the index does
// not have: the stems of its closest words in the text (those one edit
// away, if any, else those two away), else its closest speakers' names, and
// the stems of the words it may be the beginning of. Fewer edits weigh more.
func (x *Index) typoCandidates(d *snapshot, t token) []typoTerm {
	var out []typoTerm
	seen := map[typoTerm]bool{}
	add := func(field string, cs []candidate, boost float64) {
		for _, c := range cs {
			k := typoTerm{field: field, term: c.term}
			if field == fieldWords { // a word of the vocabulary is matched by its stem
				k = typoTerm{field: fieldText, term: d.stem(c.term)}
			}
			if !seen[k] {
				seen[k] = true
				k.boost = boost / float64(1+c.edits)
				out = append(out, k)
			}
		}
	}
	if f := fuzziness(t.word); f > 0 {
		// Words one edit away first: most typos are one letter off, and
		// two edits reach many more words, and cost more to find.
		for edits := 1; edits <= f && len(out) == 0; edits++ {
			add(fieldWords, d.similar(fieldWords, t.word, edits, maxCorrections), boostTypo)
		}
		if len(out) == 0 {
			// Not a misspelt word of the quotes: perhaps a misspelt name.
			add(fieldSpeaker, d.similar(fieldSpeaker, t.name, f, maxCorrections), boostTypo*boostSpeaker)
		}
	}
	if utf8.RuneCountInString(t.word) >= minPrefixLen {
		add(fieldWords, d.completions(fieldWords, t.word, maxCompletions), boostTypo)
	}
	return out
}

// candidate is a word of the index close to a word of the query.
type candidate struct {
	term  string
	edits uint8
	count uint64 // quotes that have it
}

// similar returns the n terms of field (fieldWords: of the vocabulary)
// within fuzziness edits of term and starting with its first letter, that
// quotes have, closest and most frequent first. The first letter is taken
// as typed right: first letters are rarely the wrong ones, and it keeps the
// walk of the dictionary short. An edit is an insertion,
// a deletion, a substitution or a swap of two neighbouring letters.
func (s *snapshot) similar(field, term string, fuzziness, n int) []candidate {
	if term == "" {
		return nil
	}
	out := s.count(field, s.withinEdits(field, term, fuzziness))
	// Stable, from the dictionary's order: equals stay in it, so that the
	// same words always find the same corrections.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].edits != out[j].edits {
			return out[i].edits < out[j].edits
		}
		return out[i].count > out[j].count
	})
	return out[:min(len(out), n)]
}

// withinEdits returns the terms of field within fuzziness edits of term
// that start with its first letter, in the dictionary's order, walking the
// dictionaries with the edit automaton (editwalk.go).
func (s *snapshot) withinEdits(field, term string, fuzziness int) []candidate {
	_, size := utf8.DecodeRuneInString(term)
	first := []byte(term[:size])
	want := []rune(term)
	a := editAutomata.Get().(*editAutomaton)
	defer a.release()
	terms := s.dictTerms(field, first, prefixEnd(first), func() segment.Automaton {
		a.reset(want, fuzziness)
		return a
	})
	out := make([]candidate, len(terms))
	for i, t := range terms {
		out[i] = candidate{term: t, edits: uint8(a.distance.distance(want, t, fuzziness))}
	}
	return out
}

// dictTerms returns the terms of field from from (inclusive) to to
// (exclusive, nil: no end) that an automaton accepts, each once and in
// order, walking each segment's dictionary (or, for fieldWords, the
// vocabulary) with an automaton of its own (automaton makes it; nil: every
// term).
func (s *snapshot) dictTerms(field string, from, to []byte, automaton func() segment.Automaton) []string {
	if field == fieldWords {
		var a vellum.Automaton
		if automaton != nil {
			a = automaton()
		}
		return fstTerms(s.words, from, to, a)
	}
	ds, err := s.dictionaries(field)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, d := range ds {
		var a segment.Automaton
		if automaton != nil {
			a = automaton()
		}
		it := d.AutomatonIterator(a, from, to)
		for e, err := it.Next(); e != nil && err == nil; e, err = it.Next() {
			if !seen[e.Term] {
				seen[e.Term] = true
				out = append(out, e.Term)
			}
		}
	}
	if len(ds) > 1 {
		slices.Sort(out)
	}
	return out
}

// prefixEnd is the first key after every key that starts with prefix (nil
// when there is none).
func prefixEnd(prefix []byte) []byte {
	end := slices.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// editScratch holds the rows of an edit distance, reused from one term to
// the next.
type editScratch struct {
	runes            []rune
	prev2, prev, cur []int
}

// distance is the number of edits (insertions, deletions, substitutions
// and swaps of neighbouring letters: the optimal string alignment
// distance) from a to b, or most+1 when it is more than most.
func (e *editScratch) distance(a []rune, b string, most int) int {
	e.runes = append(e.runes[:0], []rune(b)...)
	br := e.runes
	rows := func(buf []int) []int { return slices.Grow(buf[:0], len(br)+1)[:len(br)+1] }
	e.prev2, e.prev, e.cur = rows(e.prev2), rows(e.prev), rows(e.cur)
	for j := range e.prev {
		e.prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		e.cur[0] = i
		best := i
		for j := 1; j <= len(br); j++ {
			cost := 1
			if a[i-1] == br[j-1] {
				cost = 0
			}
			v := min(e.prev[j]+1, e.cur[j-1]+1, e.prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == br[j-2] && a[i-2] == br[j-1] {
				v = min(v, e.prev2[j-2]+1)
			}
			e.cur[j] = v
			best = min(best, v)
		}
		if best > most {
			return most + 1
		}
		e.prev2, e.prev, e.cur = e.prev, e.cur, e.prev2
	}
	return min(e.prev[len(br)], most+1)
}

// completions returns the n most frequent terms of field (fieldWords: of the
// vocabulary) that start with prefix, are longer than it, and quotes have.
func (s *snapshot) completions(field, prefix string, n int) []candidate {
	var out []candidate
	for _, t := range s.dictTerms(field, []byte(prefix), prefixEnd([]byte(prefix)), nil) {
		if t != prefix {
			out = append(out, candidate{term: t, edits: 1})
		}
	}
	out = s.count(field, out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].count > out[j].count })
	return out[:min(len(out), n)]
}

// count sets each candidate's count from its postings (a word of the
// vocabulary: its stem's in the text), and returns those some quote has.
// The dictionary iterators' own counts cannot be trusted: zap's iterator
// reuses one postings list from term to term and, after a term in one
// quote only, counts every later term as in one quote (zapx v16.2.8,
// PostingsList.read does not clear its one-hit state).
func (s *snapshot) count(field string, cs []candidate) []candidate {
	out := cs[:0]
	for _, c := range cs {
		if field == fieldWords {
			c.count = s.docFreq(fieldText, s.stem(c.term))
		} else {
			c.count = s.docFreq(field, c.term)
		}
		if c.count > 0 {
			out = append(out, c)
		}
	}
	return out
}
