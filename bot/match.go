package bot

import (
	"sort"
	"strings"
)

// nameIndex finds strategies or people by id, name or alias: exactly (on
// their Slug form) and, for autocomplete and suggestions, by prefix with
// typos. It is immutable once built and safe for concurrent use.
type nameIndex struct {
	// entry returns entry i's names and rank, read from the catalog's own
	// slice when asked: copies of 100k people's would cost the heap 7 MB.
	entry  func(i int32) nameEntry
	places []entryPlace // per entry
	// keys are the Slug forms of every id, name and alias, and of their
	// suffixes starting at a word ("yann-lecun", "lecun"), sorted (equal
	// keys: whole ones first, in the order claim gives); refs[i] says whose
	// keys[i] is.
	keys   []string
	refs   []keyRef
	byName []int32 // entries in name order
}

// nameEntry is one strategy or person as the index finds it.
type nameEntry struct {
	id, name string
	aliases  []string
	rank     int // lower ranks first among equal matches (recognition for people)
}

// entryPlace is what the index keeps of an entry to order its matches.
type entryPlace struct {
	rank  int32 // nameEntry.rank
	order int32 // position in name order
}

// keyRef says which entry a key belongs to and how.
type keyRef struct {
	entry  int32
	alias  int16 // index into the entry's aliases, or -1 for its id or name
	whole  bool  // the key is a whole id, name or alias, not a suffix of one
	ofName bool  // with alias -1: the key is the name's, not the id's
}

// claim orders the whole keys equal to one another as an exact lookup
// takes the first of them: ids first, then names, then aliases, each by
// entry.
func (r keyRef) claim() int {
	switch {
	case r.alias >= 0:
		return 2
	case r.ofName:
		return 1
	default:
		return 0
	}
}

// nameMatch is an entry found for some words, with how well it matched.
type nameMatch struct {
	entry int32
	score int   // 0 exact, 1 prefix of a whole name, 2 prefix of a word, 3+ typos
	alias int16 // the alias that matched, or -1
}

// newNameIndex indexes the n entries that entry returns.
func newNameIndex(n int, entry func(i int32) nameEntry) *nameIndex {
	ix := &nameIndex{entry: entry, places: make([]entryPlace, n)}
	ix.byName = make([]int32, n)
	entries := make([]nameEntry, n) // while it is built
	folded := make([]string, n)
	for i := range entries {
		ix.byName[i] = int32(i)
		entries[i] = entry(int32(i))
		folded[i] = Fold(entries[i].name)
		ix.places[i].rank = int32(entries[i].rank)
	}
	// Name order: folded name, then id (as /whoendorses lists people).
	sort.SliceStable(ix.byName, func(a, b int) bool {
		ea, eb := ix.byName[a], ix.byName[b]
		if folded[ea] != folded[eb] {
			return folded[ea] < folded[eb]
		}
		return entries[ea].id < entries[eb].id
	})
	for pos, e := range ix.byName {
		ix.places[e].order = int32(pos)
	}
	type kr struct {
		key string
		ref keyRef
	}
	var all []kr
	add := func(k string, ref keyRef) {
		if k == "" {
			return
		}
		ref.whole = true
		all = append(all, kr{k, ref})
		ref.whole = false
		for i := 0; i < len(k); i++ {
			if k[i] == '-' {
				all = append(all, kr{k[i+1:], ref})
			}
		}
	}
	idKeys := make([]string, len(entries))
	for i, e := range entries {
		idKeys[i] = keyOf(e.id)
		add(idKeys[i], keyRef{entry: int32(i), alias: -1})
	}
	for i, e := range entries {
		if k := keyOf(e.name); k != idKeys[i] {
			add(k, keyRef{entry: int32(i), alias: -1, ofName: true})
		}
	}
	for i, e := range entries {
		for a, s := range e.aliases {
			add(keyOf(s), keyRef{entry: int32(i), alias: int16(a)})
		}
	}
	sort.Slice(all, func(a, b int) bool {
		x, y := all[a], all[b]
		if x.key != y.key {
			return x.key < y.key
		}
		if x.ref.whole != y.ref.whole {
			return x.ref.whole
		}
		if x.ref.claim() != y.ref.claim() {
			return x.ref.claim() < y.ref.claim()
		}
		if x.ref.entry != y.ref.entry {
			return x.ref.entry < y.ref.entry
		}
		return x.ref.alias < y.ref.alias
	})
	ix.keys = make([]string, len(all))
	ix.refs = make([]keyRef, len(all))
	for i, x := range all {
		ix.keys[i], ix.refs[i] = x.key, x.ref
	}
	return ix
}

// lookup finds the entry whose id, name or alias is s (compared as Slugs),
// else the one entry whose name, id, alias or one of their words starts with
// s ("lecun", "yann l"), when no other entry does.
func (ix *nameIndex) lookup(s string) (int32, bool) {
	if e, ok := ix.exact(Slug(s)); ok {
		return e, true
	}
	m := ix.complete(s, 2)
	if len(m) > 0 && m[0].score <= 2 && (len(m) == 1 || m[1].score > 2) {
		return m[0].entry, true
	}
	return 0, false
}

// keyOf returns the Slug form of s: s itself when it is its own (an id
// usually is), so that the key shares the catalog's string.
func keyOf(s string) string {
	if k := Slug(s); k != s {
		return k
	}
	return s
}

// exact returns the entry whose id, name or alias has the Slug form key:
// the first claim of it (keyRef.claim) when several do.
func (ix *nameIndex) exact(key string) (int32, bool) {
	i := sort.SearchStrings(ix.keys, key)
	if i == len(ix.keys) || ix.keys[i] != key || !ix.refs[i].whole {
		return 0, false
	}
	return ix.refs[i].entry, true
}

// complete returns at most n entries matching the partial words, best
// first: exact, then prefixes of whole names, then prefixes of words, then
// prefixes within one typo (from 3 characters) or two (from 6).
func (ix *nameIndex) complete(partial string, n int) []nameMatch {
	q := Slug(partial)
	top := topMatches{ix: ix, n: n}
	if n <= 0 {
		return nil
	}
	if q == "" {
		for _, e := range ix.byName[:min(n, len(ix.byName))] {
			top.offer(nameMatch{entry: e, alias: -1})
		}
		return top.list
	}
	lo := sort.SearchStrings(ix.keys, q)
	for i := lo; i < len(ix.keys) && strings.HasPrefix(ix.keys[i], q); i++ {
		ref := ix.refs[i]
		score := 2
		switch {
		case ref.whole && ix.keys[i] == q:
			score = 0
		case ref.whole:
			score = 1
		}
		top.offer(nameMatch{entry: ref.entry, score: score, alias: ref.alias})
	}
	if budget := typoBudget(q); budget > 0 && (len(top.list) < n || top.worst().score > 2) {
		ix.typoSearch(q, budget, &top)
	}
	return top.list
}

// ambiguous returns up to n entries whose name, id, alias or one of their
// words starts with s, for a name lookup could not decide: prefix matches
// only, never typos, best first.
func (ix *nameIndex) ambiguous(s string, n int) []int32 {
	var out []int32
	for _, m := range ix.complete(s, n) {
		if m.score <= 2 {
			out = append(out, m.entry)
		}
	}
	return out
}

// typoBudget is how many typos a query of q's length may contain.
func typoBudget(q string) int {
	switch {
	case len(q) >= 6:
		return 2
	case len(q) >= 3:
		return 1
	default:
		return 0
	}
}

// typoSearch offers every key that starts with q within budget edits
// (insertions, deletions, substitutions, transpositions). It walks the
// sorted keys as a trie, one Levenshtein row per prefix, pruning prefixes
// already too far from every prefix of q.
func (ix *nameIndex) typoSearch(q string, budget int, top *topMatches) {
	w := walker{ix: ix, q: q, budget: budget, top: top}
	row := w.row(0)
	for j := range row {
		row[j] = j
	}
	w.walk(0, 0, len(ix.keys), nil, 0)
}

// walker is the state of one typoSearch: rows[d] is the Levenshtein row of
// the current prefix of length d (the search is depth first, so one row per
// depth is enough).
type walker struct {
	ix     *nameIndex
	q      string
	budget int
	top    *topMatches
	rows   [][]int
}

func (w *walker) row(depth int) []int {
	for len(w.rows) <= depth {
		w.rows = append(w.rows, make([]int, len(w.q)+1))
	}
	return w.rows[depth]
}

// walk visits the keys in [lo, hi), which share their first depth bytes;
// w.rows[depth] holds the edit distances between that shared prefix and
// each prefix of q, prev the row before it and last the prefix's last byte.
func (w *walker) walk(depth, lo, hi int, prev []int, last byte) {
	ix, q, budget, row := w.ix, w.q, w.budget, w.rows[depth]
	if d := row[len(q)]; d <= budget && d > 0 {
		for i := lo; i < hi; i++ {
			ref := ix.refs[i]
			score := 3 + 2*d
			if !ref.whole {
				score++
			}
			w.top.offer(nameMatch{entry: ref.entry, score: score, alias: ref.alias})
		}
	}
	if minInt(row) > budget || (row[len(q)] <= budget && minInt(row) >= row[len(q)]) {
		return
	}
	// Keys that end here come first; the rest are grouped by their next byte.
	for lo < hi && len(ix.keys[lo]) == depth {
		lo++
	}
	for lo < hi {
		c := ix.keys[lo][depth]
		end := lo + sort.Search(hi-lo, func(i int) bool { return ix.keys[lo+i][depth] > c })
		next := w.row(depth + 1)
		next[0] = row[0] + 1
		for j := 1; j < len(row); j++ {
			cost := 1
			if q[j-1] == c {
				cost = 0
			}
			next[j] = min(row[j]+1, next[j-1]+1, row[j-1]+cost)
			if prev != nil && j > 1 && q[j-1] == last && q[j-2] == c {
				next[j] = min(next[j], prev[j-2]+1)
			}
		}
		w.walk(depth+1, lo, end, row, c)
		lo = end
	}
}

func minInt(xs []int) int {
	m := xs[0]
	for _, x := range xs[1:] {
		m = min(m, x)
	}
	return m
}

// topMatches keeps the n best matches, one per entry, best first.
type topMatches struct {
	ix   *nameIndex
	n    int
	list []nameMatch
}

func (t *topMatches) worst() nameMatch { return t.list[len(t.list)-1] }

// better orders matches: by score, then rank, then name.
func (t *topMatches) better(a, b nameMatch) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	ea, eb := t.ix.places[a.entry], t.ix.places[b.entry]
	if ea.rank != eb.rank {
		return ea.rank < eb.rank
	}
	return ea.order < eb.order
}

func (t *topMatches) offer(m nameMatch) {
	if len(t.list) == t.n && !t.better(m, t.worst()) {
		return
	}
	for i, x := range t.list {
		if x.entry != m.entry {
			continue
		}
		if !t.better(m, x) {
			return
		}
		t.list = append(t.list[:i], t.list[i+1:]...)
		break
	}
	i := sort.Search(len(t.list), func(i int) bool { return t.better(m, t.list[i]) })
	t.list = append(t.list, nameMatch{})
	copy(t.list[i+1:], t.list[i:])
	t.list[i] = m
	if len(t.list) > t.n {
		t.list = t.list[:t.n]
	}
}

// suggest returns up to n entries close to s, for "did you mean": the
// completions of s, else entries sharing a word with it or within an edit
// distance of about a third of its length.
func (ix *nameIndex) suggest(s string, n int) []int32 {
	var out []int32
	for _, m := range ix.complete(s, n) {
		out = append(out, m.entry)
	}
	if len(out) > 0 {
		return out
	}
	q := Slug(s)
	if q == "" {
		return nil
	}
	words := strings.Split(q, "-")
	top := topMatches{ix: ix, n: n}
	maxD := max(2, len(q)/3)
	for i, k := range ix.keys {
		ref := ix.refs[i]
		if !ref.whole {
			continue
		}
		score := editDistance(q, k, maxD+1)
		if score > maxD {
			score = 100
		}
		for _, w := range words {
			if len(w) >= 3 && hasWord(k, w) {
				score = min(score, 50)
			}
		}
		if score < 100 {
			top.offer(nameMatch{entry: ref.entry, score: score, alias: ref.alias})
		}
	}
	for _, m := range top.list {
		out = append(out, m.entry)
	}
	return out
}

// hasWord reports whether the hyphenated slug k contains the word w.
func hasWord(k, w string) bool {
	for _, x := range strings.Split(k, "-") {
		if x == w {
			return true
		}
	}
	return false
}

// editDistance is the Levenshtein distance between a and b (in bytes), or
// limit when it is limit or more.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	row := make([]int, len(b)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		diag := row[0]
		row[0] = i
		best := row[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur := min(row[j]+1, row[j-1]+1, diag+cost)
			diag, row[j] = row[j], cur
			best = min(best, cur)
		}
		if best >= limit {
			return limit
		}
	}
	return min(row[len(b)], limit)
}

// Closest returns the name in names nearest to s (ignoring case) within an
// edit distance of 2, for "did you mean": the first of equally near ones.
func Closest(s string, names []string) (string, bool) {
	s = strings.ToLower(s)
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(s, strings.ToLower(n), bestD); d < bestD {
			best, bestD = n, d
		}
	}
	return best, best != ""
}
