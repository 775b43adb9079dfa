package index

import (
	"sort"
	"unicode/utf8"
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
// not have: its closest words in the text (those one edit away, if any, else
// those two away), else in the speakers' names, and the words it may be the
// beginning of. Fewer edits weigh more.
func (x *Index) typoCandidates(d *snapshot, t token) []typoTerm {
	var out []typoTerm
	seen := map[typoTerm]bool{}
	add := func(field string, cs []candidate, boost float64) {
		for _, c := range cs {
			if k := (typoTerm{field: field, term: c.term}); !seen[k] {
				seen[k] = true
				out = append(out, typoTerm{field: field, term: c.term, boost: boost / float64(1+c.edits)})
			}
		}
	}
	if f := fuzziness(t.word); f > 0 {
		// Words one edit away first: most typos are one letter off, and
		// the automaton for two edits costs ten times the one for one.
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

// similar returns the n terms of field within fuzziness edits of term and
// starting with its first letter, closest and most frequent first. The first
// letter is taken as typed right: first letters are rarely the wrong ones,
// and it keeps the walk of the dictionary short.
func (s *snapshot) similar(field, term string, fuzziness, n int) []candidate {
	if term == "" {
		return nil
	}
	_, size := utf8.DecodeRuneInString(term)
	fd, fa, err := s.r.FieldDictFuzzyAutomaton(field, term, fuzziness, term[:size])
	if err != nil {
		return nil
	}
	defer fd.Close()
	var out []candidate
	for e, err := fd.Next(); e != nil && err == nil; e, err = fd.Next() {
		c := candidate{term: e.Term, count: e.Count}
		if fa != nil {
			_, c.edits = fa.MatchAndDistance(e.Term)
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].edits != out[j].edits {
			return out[i].edits < out[j].edits
		}
		return out[i].count > out[j].count
	})
	return out[:min(len(out), n)]
}

// completions returns the n most frequent terms of field that start with
// prefix and are longer than it.
func (s *snapshot) completions(field, prefix string, n int) []candidate {
	fd, err := s.r.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return nil
	}
	defer fd.Close()
	var out []candidate
	for e, err := fd.Next(); e != nil && err == nil; e, err = fd.Next() {
		if e.Term != prefix {
			out = append(out, candidate{term: e.Term, edits: 1, count: e.Count})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].count > out[j].count })
	return out[:min(len(out), n)]
}
