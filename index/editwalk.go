package index

import (
	"sync"
	"unicode/utf8"
)

// editAutomaton accepts the terms within most edits of a word (the
// optimal string alignment distance over letters, as editScratch.distance
// counts it) as a vellum automaton, so that a dictionary's walk visits
// only the beginnings of terms still within reach. It computes the
// distances' rows as the walk reads letters, instead of building a DFA
// first (bleve's Levenshtein automaton costs tens of microseconds and
// kilobytes for one edit, milliseconds for two). A state is one of its
// states' index; the walk's states are kept until reset.
type editAutomaton struct {
	word   []rune
	most   int8
	states []editState
	rows   []int8 // the states' rows, len(word)+1 each
	// distance measures the terms the walk finds, with memory reused too.
	distance editScratch
}

// editState is the term read so far: its last letter and the state before
// that letter (for swaps), and the row of distances from each beginning of
// the word; or, in the middle of a letter of several bytes, that letter's
// bytes so far on top of the state before it.
type editState struct {
	row    int32 // where its row starts in rows
	parent int32 // the state before its last letter, -1 at the start
	last   rune  // its last letter
	// pending holds the bytes of an unfinished letter (npending of them),
	// read on top of state parent; row is parent's.
	pending  [utf8.UTFMax]byte
	npending uint8
}

// editAutomata holds automata a walk is done with, for the next one to
// reuse their memory.
var editAutomata = sync.Pool{New: func() any { return new(editAutomaton) }}

// maxKeptRows is the most rows an automaton keeps for the next walk.
const maxKeptRows = 1 << 20

// release gives a back to editAutomata, unless its walk grew it past
// maxKeptRows.
func (a *editAutomaton) release() {
	if cap(a.rows) <= maxKeptRows {
		editAutomata.Put(a)
	}
}

// reset makes a the automaton of the terms within most edits of word,
// keeping its memory.
func (a *editAutomaton) reset(word []rune, most int) {
	a.word, a.most = word, int8(min(most, 126))
	a.states, a.rows = a.states[:0], a.rows[:0]
	a.states = append(a.states, editState{parent: -1})
	for i := range len(word) + 1 {
		a.rows = append(a.rows, a.capped(i))
	}
}

func (a *editAutomaton) capped(v int) int8 { return int8(min(v, int(a.most)+1)) }

func (a *editAutomaton) row(s int) []int8 {
	n := len(a.word) + 1
	at := int(a.states[s].row)
	return a.rows[at : at+n]
}

// Start is the state of the empty term.
func (a *editAutomaton) Start() int { return 0 }

// IsMatch reports whether the term read so far is within reach.
func (a *editAutomaton) IsMatch(s int) bool {
	if st := a.states[s]; st.npending > 0 {
		// A term that ends inside a letter: its last bytes are letters
		// of their own, as []rune reads them.
		s = int(st.parent)
		for range st.npending {
			s = a.letter(s, utf8.RuneError)
		}
	}
	return a.row(s)[len(a.word)] <= a.most
}

// CanMatch reports whether some term beginning with what was read can be.
func (a *editAutomaton) CanMatch(s int) bool {
	for _, v := range a.row(s) {
		if v <= a.most {
			return true
		}
	}
	return false
}

// WillAlwaysMatch is false: a longer term can always be out of reach.
func (a *editAutomaton) WillAlwaysMatch(int) bool { return false }

// Accept returns the state after byte b.
func (a *editAutomaton) Accept(s int, b byte) int {
	st := a.states[s]
	if st.npending == 0 && b < utf8.RuneSelf {
		return a.letter(s, rune(b))
	}
	base := s
	if st.npending > 0 {
		base = int(st.parent)
	} else {
		st = editState{row: st.row, parent: int32(s)}
	}
	st.pending[st.npending] = b
	st.npending++
	if p := st.pending[:st.npending]; utf8.FullRune(p) {
		// A whole letter; or bytes that are not UTF-8, read as []rune
		// reads them: the first a letter of its own, the others again.
		r, size := utf8.DecodeRune(p)
		next := a.letter(base, r)
		for _, rest := range p[size:] {
			next = a.Accept(next, rest)
		}
		return next
	}
	a.states = append(a.states, st)
	return len(a.states) - 1
}

// letter returns the new state after letter r is read on state p: its
// row from p's row and, for a swap, from the row before p's letter.
func (a *editAutomaton) letter(p int, r rune) int {
	n := len(a.word)
	at := len(a.rows)
	a.rows = append(a.rows, make([]int8, n+1)...)
	prev, cur := a.row(p), a.rows[at:at+n+1]
	ps := a.states[p]
	var prev2 []int8
	if ps.parent >= 0 {
		prev2 = a.row(int(ps.parent))
	}
	cur[0] = a.capped(int(prev[0]) + 1)
	for i := 1; i <= n; i++ {
		cost := int8(1)
		if a.word[i-1] == r {
			cost = 0
		}
		v := min(prev[i]+1, cur[i-1]+1, prev[i-1]+cost)
		if prev2 != nil && i > 1 && a.word[i-1] == ps.last && a.word[i-2] == r {
			v = min(v, prev2[i-2]+1)
		}
		cur[i] = min(v, a.most+1)
	}
	a.states = append(a.states, editState{row: int32(at), parent: int32(p), last: r})
	return len(a.states) - 1
}
