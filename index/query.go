package index

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

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
	boostSummary = 0.5 // the stance's summary
	boostRole    = 0.3 // the person's role, tagline and summary
	boostTitle   = 0.4 // the source title
	boostStrat   = 0.3 // the strategy's name
)

// stem returns the stem of a word as the text field holds it.
func (x *Index) stem(word string) string { return firstTerm(x.stemPipe.analyzer, word) }

// token is one word of the user's query in the forms the fields hold.
type token struct {
	word string // lowercased, as written (the vocabulary's and the words slot's form)
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
		out = append(out, token{word: w, stem: x.stem(w), name: firstTerm(x.namePipe.analyzer, w)})
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

// plan is how a QuoteQuery runs: bleve finds candidates, which rerank.go
// ranks by the plan's words. all asks for quotes matching every word of
// the query (in any of its forms); any, for quotes matching any word, with
// a term in many quotes looked up in a champion list (see champion.go)
// rather than in its whole postings on a large index; full is any with
// whole postings, for when the champion lists miss (nil when any is it).
type plan struct {
	all, any, full node
	words          []planWord
}

// planWord is one word of the query: the field terms it matches.
type planWord struct {
	clauses []clause
	weight  float64 // the largest boost·idf of its text clauses (proximity)
}

// clause is one term of one field a word of the query matches.
type clause struct {
	slot       int // the field's slot in the rerank (see slotOf)
	term       string
	boost, idf float64
}

// driveOtherFields scales the boosts of the fields other than the text in
// the rarest word's scored query (allOf): the candidates kept are the
// quotes whose text weighs that word most, the short ones, whatever the
// titles and summaries say (the rerank counts those).
const driveOtherFields = 0.05

// allDriveFactor is how many more postings than a common term's the
// rarest word may read whole, rather than through its champion lists,
// where it drives the all-words query (the drive budget): its filters
// only advance, so reading more costs little, and a long quote whose every
// word is common stays a candidate (on the bench's 1M quotes, recall@3 of
// the recalled words: 60.6% with none, 63.8% with 3, 64.4% with 5, 64.2%
// with 7, against a best of 66.9%; search p99 3.9-5.2, 5.8-5.9 and
// 7.7-8.1 ms with 3, 5 and 7, on a quiet machine). The any-words query,
// which scores every word, keeps the common limit.
const allDriveFactor = 5

// Common terms: from commonMinDocs quotes on, a term in more than
// commonMinDF quotes (fewer for a long query, so that its words read at
// most candidateBudget postings between them) is looked up in its champion
// lists for the any query, and, when every word of the query is common,
// for the rarest word of the all query.
const (
	commonMinDF     = 3000
	commonMinDocs   = 2000
	candidateBudget = 12000
)

// plan builds the queries for q: for each word, a disjunction of its forms
// over the fields; a word the index does not have is replaced by its
// closest words and completions (see typo.go), and dropped when it has
// none. Filters do not score. nil: nothing to search for.
func (x *Index) plan(d *snapshot, q bot.QuoteQuery) *plan {
	toks := x.tokens(q.Words)
	if len(toks) == 0 {
		return nil
	}
	p := &plan{}
	large := d.docs >= x.commonMinDocs
	common := min(x.commonMinDF, candidateBudget/uint64(len(toks)))
	driveBudget := allDriveFactor * common

	var full, filter, first, drive []node // per word
	var postings []uint64                 // per word: the postings its full disjunction reads
	champions := false
	for _, t := range toks {
		var w planWord
		var wFull, wFilter, wFirst, wDrive, wDriveChamp []node
		var read uint64
		champs := map[string]bool{}
		stemIn := false // the word's stem is a clause of the text
		add := func(field, term string, boost float64) {
			if field == fieldWords {
				// The word as written is no field of bleve's (vocabulary.go):
				// the rerank alone weighs it, counting its stem's quotes.
				if stemIn {
					idf := bm25IDF(d.docs, d.docFreq(fieldText, t.stem))
					w.clauses = append(w.clauses, clause{slot: slotWords, term: term, boost: boost, idf: idf})
				}
				return
			}
			tq := termNode{field, term, boost}
			wFull = append(wFull, tq)
			wFilter = append(wFilter, tq)
			if field == fieldText && term == t.stem {
				stemIn = true
			}
			df := d.docFreq(field, term)
			read += df
			c := clause{slot: slotOf(field), term: term, boost: boost, idf: bm25IDF(d.docs, df)}
			w.clauses = append(w.clauses, c)
			text := c.slot == slotText
			if text {
				w.weight = max(w.weight, c.boost*c.idf)
			}
			dq := tq // as the all-words query's rarest word (see allOf)
			if !text {
				dq = termNode{field, term, boost * driveOtherFields}
			}
			wDrive = append(wDrive, dq)
			if !large || df <= driveBudget {
				wDriveChamp = append(wDriveChamp, dq)
			}
			if !large || df <= common {
				wFirst = append(wFirst, tq)
				return
			}
			if !text || term == "" || champs[term] {
				return
			}
			champs[term] = true
			f, driveF := championFields(d, term, common, driveBudget)
			if f != "" {
				wFirst = append(wFirst, termNode{f, term, boost})
				champions = true
			}
			if df > driveBudget && driveF != "" {
				wDriveChamp = append(wDriveChamp, termNode{driveF, term, boost})
			}
		}
		for _, c := range []struct {
			field, term string
			boost       float64
		}{
			{fieldText, t.stem, boostStem},
			{fieldWords, t.word, boostWord},
			{fieldSpeaker, t.name, boostSpeaker},
			{fieldSummary, t.stem, boostSummary},
			{fieldRole, t.stem, boostRole},
			{fieldTitle, t.stem, boostTitle},
			{fieldStrategyName, t.stem, boostStrat},
		} {
			if c.term != "" && d.has(c.field, c.term) {
				add(c.field, c.term, c.boost)
			}
		}
		if len(wFull) == 0 {
			for _, c := range x.typoCandidates(d, t) {
				add(c.field, c.term, c.boost)
			}
		}
		if len(wFull) == 0 {
			continue // a word no quote has, nor anything like it
		}
		p.words = append(p.words, w)
		full = append(full, anyOf(wFull))
		filter = append(filter, anyOf(wFilter))
		// As the rarest word, it reads its champions for its common stems
		// when it reads more than the drive budget (see allOf), if it has
		// any (champion lists are of the text only).
		if large && read > driveBudget && len(wDriveChamp) > 0 {
			wDrive = wDriveChamp
		}
		drive = append(drive, anyOf(wDrive))
		first = append(first, anyOf(wFirst))
		postings = append(postings, read)
	}
	if len(p.words) == 0 {
		return nil
	}

	var filters []node
	var filterDocs []uint64 // per filter, the quotes it has
	for _, f := range []struct{ field, value string }{
		{fieldPerson, q.PersonID}, {fieldStrategy, q.StrategyID}, {fieldFidelity, string(q.Fidelity)},
	} {
		if f.value != "" {
			filters = append(filters, termNode{f.field, f.value, 1})
			filterDocs = append(filterDocs, d.docFreq(f.field, f.value))
		}
	}
	withFilters := func(n node) node {
		if len(filters) == 0 {
			return n
		}
		return allNode{must: n, filters: filters}
	}
	p.any = withFilters(anyNode(first))
	if champions {
		p.full = withFilters(anyNode(full))
	}
	if len(p.words) > 1 {
		p.all = allOf(filter, drive, postings, filters, filterDocs)
	}
	return p
}

// allOf is the query of quotes matching every word: the rarest word
// (fewest postings) drives it and alone is scored, so that ranking the
// candidates costs one word's postings; the other words (each as a filter
// of its forms, filter), and the filters, only filter, unscored (their
// postings advance to the rarest word's quotes). The rarest word's clauses
// weigh the quote text (drive); when even that word reads more than the
// drive budget (common, on a large index), its champions in lists of at
// most that budget stand in for its common stems (plan chooses, per word),
// if it has any: a common speaker's name (in no champion list) is read
// whole.
func allOf(filter, drive []node, postings []uint64, filters []node, filterDocs []uint64) node {
	rarest := slices.Index(postings, slices.Min(postings))
	type costed struct {
		n    node
		cost uint64 // the postings it reads (the quotes it has, at most)
	}
	var rest []costed
	for i, f := range filter {
		if i != rarest {
			rest = append(rest, costed{f, postings[i]})
		}
	}
	for i, f := range filters {
		rest = append(rest, costed{f, filterDocs[i]})
	}
	// The rarest first: the likeliest to refuse the driving word's quote,
	// and to leap furthest past it when it does.
	slices.SortStableFunc(rest, func(a, b costed) int { return cmp.Compare(a.cost, b.cost) })
	all := allNode{must: drive[rarest]}
	for _, c := range rest {
		all.filters = append(all.filters, c.n)
	}
	return all
}

// championFields returns the champion fields in which to look a common
// stem up, for lists of at most limit quotes (field) and of at most
// driveLimit >= limit (driveField): for each, the one with the longest list
// within it, else the shortest list; "" when no quote has the stem as a
// champion. One walk of the tiers serves both limits (the walk for
// driveLimit stops no later than the one for limit).
func championFields(d *snapshot, stem string, limit, driveLimit uint64) (field, driveField string) {
	driveDone := false
	for _, tier := range championTiers {
		n := d.docFreq(tier.field, stem)
		if n == 0 {
			break
		}
		if !driveDone {
			driveField, driveDone = tier.field, n <= driveLimit
		}
		field = tier.field
		if n <= limit {
			break
		}
	}
	return field, driveField
}

// anyOf is the node of any of ns: the node itself when there is one.
func anyOf(ns []node) node {
	if len(ns) == 1 {
		return ns[0]
	}
	return anyNode(ns)
}
