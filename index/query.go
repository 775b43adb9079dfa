package index

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

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
	for _, t := range x.wordsPipe.analyzer.Analyze([]byte(strings.Map(splitJoiners, words))) {
		w := string(t.Term)
		if seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, token{word: w, stem: firstTerm(x.stemPipe.analyzer, w), name: firstTerm(x.namePipe.analyzer, w)})
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
// up to seven letters, two beyond (an automaton for two edits costs ten
// times one for one).
func fuzziness(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n < 3:
		return 0
	case n <= 7:
		return 1
	default:
		return 2
	}
}

// plan is how a QuoteQuery runs. exact holds every form of every word in
// every field, with the filters: it is the ranking, run as it is on a small
// index. On a large index (twoStage), candidates runs instead, with a term
// in many quotes looked up in a champion list (see champion.go) rather than
// in its whole postings, and the best candidates are ranked again by words
// (see rerank.go), which scores the same clauses as exact.
type plan struct {
	exact, candidates query.Query
	words             []planWord // for the rerank: two stages only
	twoStage          bool
}

// planWord is one word of the query: the field terms it matches.
type planWord struct {
	clauses []clause
}

// clause is one term of one field a word of the query matches.
type clause struct {
	slot       int // the field's slot in the rerank (see slotOf)
	term       string
	boost, idf float64
}

// Common terms: from commonMinDocs quotes on, a search runs in two stages,
// and a term in more than commonMinDF quotes (fewer for a long query, so
// that its words read at most candidateBudget postings between them) is
// looked up in its champion lists for candidates.
const (
	commonMinDF     = 3000
	commonMinDocs   = 2000
	candidateBudget = 12000
)

// plan builds the queries for q: for each word, a disjunction of its forms
// over the fields; a word the index does not have is replaced by its
// closest words and completions (see typo.go). Quotes matching more of the
// words rank higher. Filters do not score. nil: nothing to search for.
func (x *Index) plan(ctx context.Context, q bot.QuoteQuery) (*plan, error) {
	toks := x.tokens(q.Words)
	if len(toks) == 0 {
		return nil, nil
	}
	d, err := x.dictionary()
	if err != nil {
		return nil, err
	}
	defer d.close()
	p := &plan{twoStage: d.docs >= x.commonMinDocs, words: make([]planWord, len(toks))}
	common := min(x.commonMinDF, candidateBudget/uint64(len(toks)))

	exact := make([]query.Query, 0, len(toks))
	cands := make([]query.Query, 0, len(toks))
	for i, t := range toks {
		var full, first []query.Query
		champs := map[string]bool{}
		add := func(field, term string, boost float64) {
			tq := termQuery(field, term, boost)
			full = append(full, tq)
			if !p.twoStage {
				return // the exact query alone ranks
			}
			df := d.docFreq(ctx, field, term)
			p.words[i].clauses = append(p.words[i].clauses, clause{slot: slotOf(field), term: term, boost: boost, idf: bm25IDF(d.docs, df)})
			if df <= common {
				first = append(first, tq)
				return
			}
			stem := term
			if field == fieldWords {
				stem = firstTerm(x.stemPipe.analyzer, term)
			}
			if (field != fieldText && field != fieldWords) || stem == "" || champs[stem] {
				return
			}
			champs[stem] = true
			if f := championField(ctx, d, stem, common); f != "" {
				first = append(first, termQuery(f, stem, boost))
			}
		}
		for _, c := range []struct {
			field, term string
			boost       float64
		}{
			{fieldText, t.stem, boostStem},
			{fieldWords, t.word, boostWord},
			{fieldSpeaker, t.name, boostSpeaker},
			{fieldTitle, t.stem, boostTitle},
			{fieldStrategyName, t.stem, boostStrat},
		} {
			if c.term != "" && d.has(c.field, c.term) {
				add(c.field, c.term, c.boost)
			}
		}
		if len(full) == 0 {
			for _, c := range x.typoCandidates(d, t) {
				add(c.field, c.term, c.boost)
			}
		}
		exact = append(exact, anyOf(full))
		cands = append(cands, anyOf(first))
	}
	var filters []query.Query
	for _, f := range []struct{ field, value string }{
		{fieldPerson, q.PersonID}, {fieldStrategy, q.StrategyID}, {fieldFidelity, string(q.Fidelity)},
	} {
		if f.value != "" {
			filters = append(filters, termQuery(f.field, f.value, 1))
		}
	}
	withFilters := func(q query.Query) query.Query {
		if len(filters) == 0 {
			return q
		}
		b := query.NewBooleanQuery(nil, nil, nil)
		b.AddMust(q)
		b.AddFilter(query.NewConjunctionQuery(filters))
		return b
	}
	p.exact = withFilters(query.NewDisjunctionQuery(exact))
	if p.twoStage {
		p.candidates = withFilters(query.NewDisjunctionQuery(cands))
	}
	return p, nil
}

// championField returns the champion field in which to look a common stem
// up: the one with the longest list of at most limit quotes, else the
// shortest list; "" when no quote has the stem as a champion.
func championField(ctx context.Context, d *dict, stem string, limit uint64) string {
	field := ""
	for _, tier := range championTiers {
		n := d.docFreq(ctx, tier.field, stem)
		if n == 0 {
			break
		}
		field = tier.field
		if n <= limit {
			break
		}
	}
	return field
}

func anyOf(qs []query.Query) query.Query {
	switch len(qs) {
	case 0:
		return query.NewMatchNoneQuery()
	case 1:
		return qs[0]
	default:
		return query.NewDisjunctionQuery(qs)
	}
}

func termQuery(field, term string, boost float64) *query.TermQuery {
	tq := query.NewTermQuery(term)
	tq.SetField(field)
	tq.SetBoost(boost)
	return tq
}
