package index

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/stancebot/stancebot/bot"
)

// Limits on the user's words: anything longer is cut, so that 10 kB of
// text costs no more than a long chat message.
const (
	maxQueryBytes  = 4096
	maxQueryTokens = 32
)

// Boosts of the clauses one word of the query makes.
const (
	boostStem    = 1.0 // stemmed word in the quote text ("banning" finds "bans")
	boostWord    = 0.5 // the word as written in the quote text
	boostTypo    = 0.6 // a word within 1-2 edits, or completing a prefix
	boostSpeaker = 1.5 // the speaker's name
	boostTitle   = 0.4 // the source title
	boostStrat   = 0.3 // the strategy's name
)

// minPrefixLen is the shortest unknown word also matched as a prefix.
const minPrefixLen = 4

// token is one word of the user's query in the forms the fields hold.
type token struct {
	word string // lowercased, as written (the words field)
	stem string // stemmed (the text, title and strategy fields)
	name string // folded (the speaker field)
}

// tokens analyses the user's words: at most maxQueryTokens distinct words of
// the first maxQueryBytes, stop words dropped.
func (x *Index) tokens(words string) []token {
	if len(words) > maxQueryBytes {
		cut := maxQueryBytes
		for cut > 0 && !utf8.RuneStart(words[cut]) {
			cut--
		}
		words = words[:cut]
	}
	var out []token
	seen := map[string]bool{}
	for _, t := range x.wordsAnalyzer.Analyze([]byte(strings.Map(splitJoiners, words))) {
		w := string(t.Term)
		if seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, token{word: w, stem: firstTerm(x.stemAnalyzer, w), name: firstTerm(x.nameAnalyzer, w)})
		if len(out) == maxQueryTokens {
			break
		}
	}
	return out
}

// splitJoiners maps to a space the characters Unicode word segmentation
// keeps inside a word ("speaker:lecun", "open_source") but a user means as
// separators.
func splitJoiners(r rune) rune {
	switch r {
	case ':', '_', '·':
		return ' '
	}
	return r
}

func firstTerm(a analysis.Analyzer, s string) string {
	ts := a.Analyze([]byte(s))
	if len(ts) == 0 {
		return ""
	}
	return string(ts[0].Term)
}

// fuzziness is how many edits a word may be off: none for short words, one
// up to five letters, two beyond.
func fuzziness(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n < 3:
		return 0
	case n <= 5:
		return 1
	default:
		return 2
	}
}

// Common words: a word in more than commonShare of the quotes is common,
// once the index has commonMinDocs quotes (below that, every search is
// cheap). A query's common words only add to the score of quotes that match
// one of its uncommon words, as in Lucene's common-terms query; a query of
// common words only requires its two rarest, the next rarest scoring. Otherwise a chat message of
// everyday words would score every quote in the index.
const (
	commonShare   = 0.1
	commonMinDocs = 2000
	// maxCommonScoring is how many common words (the rarest) add to the
	// score: each costs a look-up per matching quote.
	maxCommonScoring = 4
)

// buildQuery turns a QuoteQuery into bleve queries: for each word, a
// disjunction of its forms over the fields; words not in the index are
// matched fuzzily and as a prefix. Filters do not score. narrow requires the
// uncommon words (see commonShare) and is nil when the query has no common
// word; wide matches any word, for when narrow finds nothing. Both are nil
// when there is nothing to search for.
func (x *Index) buildQuery(ctx context.Context, q bot.QuoteQuery) (narrow, wide query.Query, err error) {
	toks := x.tokens(q.Words)
	if len(toks) == 0 {
		return nil, nil, nil
	}
	d, err := x.dictionary()
	if err != nil {
		return nil, nil, err
	}
	defer d.close()

	type word struct {
		q  query.Query
		df uint64 // in the text field; 0 for a word only matched with typos
	}
	var rare, common []word
	all := make([]query.Query, 0, len(toks))
	for _, t := range toks {
		var clauses []query.Query
		term := func(field, term string, boost float64) {
			if term != "" && d.has(field, term) {
				tq := query.NewTermQuery(term)
				tq.SetField(field)
				tq.SetBoost(boost)
				clauses = append(clauses, tq)
			}
		}
		term(fieldText, t.stem, boostStem)
		term(fieldWords, t.word, boostWord)
		term(fieldSpeaker, t.name, boostSpeaker)
		term(fieldTitle, t.stem, boostTitle)
		term(fieldStrategyName, t.stem, boostStrat)
		if len(clauses) == 0 {
			clauses = x.typoClauses(d, t)
		}
		w := word{q: query.NewMatchNoneQuery()}
		switch len(clauses) {
		case 0:
			// A short word the index does not have: it still counts in
			// the coordination (a quote matching it all would rank higher).
		case 1:
			w.q = clauses[0]
		default:
			w.q = query.NewDisjunctionQuery(clauses)
		}
		all = append(all, w.q)
		if d.docs >= x.commonMinDocs && t.stem != "" {
			w.df = d.docFreq(ctx, fieldText, t.stem)
		}
		if float64(w.df) > commonShare*float64(d.docs) {
			common = append(common, w)
		} else {
			rare = append(rare, w)
		}
	}
	wide = query.NewDisjunctionQuery(all)
	if len(common) > 0 && (len(rare) > 0 || len(common) > 2) {
		var must query.Query
		var should []query.Query
		if len(rare) > 0 {
			qs := make([]query.Query, len(rare))
			for i, w := range rare {
				qs[i] = w.q
			}
			must = query.NewDisjunctionQuery(qs)
		}
		sort.SliceStable(common, func(i, j int) bool { return common[i].df < common[j].df })
		if must == nil {
			must = query.NewConjunctionQuery([]query.Query{common[0].q, common[1].q})
			common = common[2:]
		}
		for _, w := range common[:min(len(common), maxCommonScoring)] {
			should = append(should, w.q)
		}
		b := query.NewBooleanQuery(nil, nil, nil)
		b.AddMust(must)
		b.AddShould(should...)
		narrow = b
	}

	var filters []query.Query
	filter := func(field, value string) {
		if value != "" {
			tq := query.NewTermQuery(value)
			tq.SetField(field)
			filters = append(filters, tq)
		}
	}
	filter(fieldPerson, q.PersonID)
	filter(fieldStrategy, q.StrategyID)
	filter(fieldFidelity, string(q.Fidelity))
	if len(filters) == 0 {
		return narrow, wide, nil
	}
	withFilters := func(q query.Query) query.Query {
		if q == nil {
			return nil
		}
		fq := query.NewBooleanQuery(nil, nil, nil)
		fq.AddMust(q)
		fq.AddFilter(query.NewConjunctionQuery(filters))
		return fq
	}
	return withFilters(narrow), withFilters(wide), nil
}

// Typo correction: a word the index does not have is replaced by the
// closest words it has (fewest edits, then most quotes), and completed if it
// may be unfinished, rather than matched against every word within reach.
const (
	maxCorrections = 3
	maxCompletions = 3
	// typoPrefix letters at the start of a word are taken as typed right:
	// it keeps the search of the dictionary small.
	typoPrefix = 1
)

// typoClauses matches a word the index does not have: its closest words in
// the text and the speakers' names, and the words it may be the beginning of.
func (x *Index) typoClauses(d *dict, t token) []query.Query {
	var clauses []query.Query
	add := func(field string, cs []candidate, boost float64) {
		for _, c := range cs {
			tq := query.NewTermQuery(c.term)
			tq.SetField(field)
			tq.SetBoost(boost / float64(1+c.edits))
			clauses = append(clauses, tq)
		}
	}
	if f := fuzziness(t.word); f > 0 {
		add(fieldWords, d.similar(fieldWords, t.word, f, maxCorrections), boostTypo)
		add(fieldSpeaker, d.similar(fieldSpeaker, t.name, f, maxCorrections), boostTypo*boostSpeaker)
	}
	if utf8.RuneCountInString(t.word) >= minPrefixLen {
		add(fieldWords, d.completions(fieldWords, t.word, maxCompletions), boostTypo)
	}
	return clauses
}

// candidate is a word of the index close to a word of the query.
type candidate struct {
	term  string
	edits uint8
	count uint64 // quotes that have it
}

// similar returns the n terms of field within fuzziness edits of term (and
// sharing its first typoPrefix letters), closest and most frequent first.
func (d *dict) similar(field, term string, fuzziness, n int) []candidate {
	fz, ok := d.r.(bleveindex.IndexReaderFuzzy)
	if !ok || term == "" {
		return nil
	}
	prefix := term
	if _, size := utf8.DecodeRuneInString(term); typoPrefix > 0 && size < len(term) {
		prefix = term[:size]
	}
	fd, fa, err := fz.FieldDictFuzzyAutomaton(field, term, fuzziness, prefix)
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
func (d *dict) completions(field, prefix string, n int) []candidate {
	fd, err := d.r.FieldDictPrefix(field, []byte(prefix))
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

// dict looks terms up in the index's field dictionaries, on one snapshot.
type dict struct {
	r        bleveindex.IndexReader
	contains bleveindex.IndexReaderContains
	fields   map[string]bleveindex.FieldDictContains
	docs     uint64 // quotes in the snapshot
}

// dictionary returns a dict of the index's current snapshot; close it.
func (x *Index) dictionary() (*dict, error) {
	adv, err := x.bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search quotes: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search quotes: %w", err)
	}
	rc, ok := r.(bleveindex.IndexReaderContains)
	if !ok {
		_ = r.Close()
		return nil, fmt.Errorf("search quotes: index reader cannot look up terms")
	}
	n, err := r.DocCount()
	if err != nil {
		_ = r.Close()
		return nil, fmt.Errorf("search quotes: %w", err)
	}
	return &dict{r: r, contains: rc, fields: map[string]bleveindex.FieldDictContains{}, docs: n}, nil
}

// has reports whether term is in the dictionary of field.
func (d *dict) has(field, term string) bool {
	fd, ok := d.fields[field]
	if !ok {
		fd, _ = d.contains.FieldDictContains(field)
		d.fields[field] = fd
	}
	if fd == nil {
		return false
	}
	found, err := fd.Contains([]byte(term))
	return err == nil && found
}

// docFreq returns how many quotes have term in field (0 on error).
func (d *dict) docFreq(ctx context.Context, field, term string) uint64 {
	tfr, err := d.r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0
	}
	defer tfr.Close()
	return tfr.Count()
}

func (d *dict) close() { _ = d.r.Close() }
