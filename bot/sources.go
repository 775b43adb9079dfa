package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits and thresholds of find sources.
const (
	maxSourcesText   = 4000 // bytes of a message considered
	maxSources       = 3    // quote cards shown
	sourceCandidates = 8    // hits examined for a misquote
	// A message looks like a quote of a recorded quote when it contains this
	// share of the quote's words...
	misquoteCoverage = 0.6
	// ...or names its speaker and quotes a passage with this share of its
	// words in the recorded quote.
	quotedPassageCoverage = 0.5
	minPassageWords       = 3
	// A hit relates to a message when its text matched this many distinct
	// words of it (or all, when the message has fewer), or the message names
	// its speaker. The index's scores cannot be the floor: on the embedded
	// dataset "what do you think" (one word matched) outscores 20 of the 49
	// relevance queries of index/testdata; distinct words matched separate
	// them (see TestSourcesRelevanceFloor).
	minMatchedWords = 2
)

func (b *Bot) sourcesCommand() Command {
	return Command{
		Name:        "sources",
		Description: "Find the sourced quotes behind a chat message, and flag misquotes",
		Options: []Option{
			{Name: "text", Description: "The message to find sources for",
				Required: true, Positional: true, Rest: true},
		},
		Examples: []string{`/sources Andrew Ng said "the danger is regulation banning open source"`},
		Run: func(ctx context.Context, req Request) (Reply, error) {
			return b.FindSources(ctx, req.Option("text"))
		},
	}
}

// FindSources returns the recorded quotes most relevant to a chat message,
// as a public reply for the thread the message is in. When the message looks
// like a quote of a known person (it shares most of a recorded quote's
// words, or names the person and quotes words close to theirs) but its
// wording differs from a direct quote on record, that quote comes first
// with a Note saying so; when it puts in quotation marks words that are on
// record only as a paraphrase, that paraphrase comes first with a Note
// saying it is not verbatim. Matches below the relevance floor are no
// answer: the reply says no recorded quote relates to the message, and
// names the nearest people and strategies. The message's words are only
// words, never query syntax.
func (b *Bot) FindSources(ctx context.Context, text string) (Reply, error) {
	if b.opts.Index == nil {
		return Reply{}, errNoQuoteIndex()
	}
	text = cutText(strings.ToValidUTF8(text, " "), maxSourcesText)
	if strings.TrimSpace(text) == "" {
		return Reply{}, Errorf(EINVALID, "There is no text to find sources for.")
	}
	hits, err := b.opts.Index.Search(ctx, QuoteQuery{Words: text, Limit: sourceCandidates})
	if err != nil {
		return Reply{}, fmt.Errorf("find sources: %w", err)
	}
	cat, err := b.currentCatalog(ctx)
	if err != nil {
		return Reply{}, err
	}
	all, err := b.quoteBlocks(ctx, hits.Hits)
	if err != nil {
		return Reply{}, err
	}
	msg := newMessageWords(text)
	var blocks []QuoteBlock
	for _, qb := range all {
		p, _ := cat.person(qb.PersonID)
		if msg.relates(qb, p) {
			blocks = append(blocks, qb)
		}
	}
	if len(blocks) == 0 {
		return Reply{}, noSourceFound(cat, text)
	}
	demoteDoubted(blocks)
	card := Card{Title: "Sources for this message"}
	first := -1
	for i, qb := range blocks {
		p, _ := cat.person(qb.PersonID)
		// Only a direct quote records the person's wording; a paraphrase
		// cannot show that a message misquotes them.
		if qb.Fidelity.IsDirect() && msg.misquotes(qb.Text, p) {
			first = i
			card.Text = fmt.Sprintf("This message looks like a quote of %s, but its wording differs from the record.", qb.Speaker)
			blocks[i].Note = lines(misquoteNote, qb.Note)
			break
		}
	}
	for i, qb := range blocks {
		p, _ := cat.person(qb.PersonID)
		if first >= 0 || qb.Fidelity.IsDirect() || !msg.quotesParaphrase(qb.Text, p) {
			continue
		}
		first = i
		card.Text = fmt.Sprintf("This message puts in quotation marks words of %s that are on record only as a %s, not verbatim.", qb.Speaker, qb.Fidelity)
		blocks[i].Note = lines(paraphraseNote(qb.Fidelity), qb.Note)
	}
	if first > 0 {
		qb := blocks[first]
		copy(blocks[1:first+1], blocks[:first])
		blocks[0] = qb
	}
	card.Quotes = blocks[:min(len(blocks), maxSources)]
	card.Footer = fmt.Sprintf("%s most relevant of %d matching.", plural(len(card.Quotes), "quote", "quotes"), hits.Total)
	return Reply{Visibility: Public, Cards: []Card{card}}, nil
}

// misquoteNote is the note of a direct quote a message misquotes. The
// quote's own text, in quotation marks, is the recorded wording: the note
// does not repeat it.
const misquoteNote = "The message's wording differs from this direct quote: only the words in quotation marks here are as recorded."

// paraphraseNote is the note of a paraphrase a message quotes as if verbatim.
func paraphraseNote(f Fidelity) string {
	return "On record only as a " + string(f) + ", not verbatim: the speaker's exact words are not on record."
}

// noSourceFound is the answer when no match reaches the relevance floor:
// it names the people and strategies closest to the message.
func noSourceFound(cat *catalogSnapshot, text string) error {
	var b strings.Builder
	b.WriteString("No recorded quote relates to this message.")
	cat.writeClosest(&b, text, "Nearest")
	return &Error{Code: ENOTFOUND, Message: b.String()}
}

// relates reports whether a quote matched the message enough to be its
// source: minMatchedWords distinct words matched (all of the message's, when
// it has fewer content words), or the message names the speaker.
func (m messageWords) relates(qb QuoteBlock, p Person) bool {
	matched := map[string]bool{}
	for _, sp := range qb.Matches {
		for _, w := range strings.Fields(normWords(qb.Text[sp.Start:sp.End])) {
			matched[w] = true
		}
	}
	need := min(minMatchedWords, max(1, len(contentWords(m.norm))))
	return len(matched) >= need || m.names(p)
}

// quotesParaphrase reports whether the message quotes, as p's words, a
// passage close to a paraphrase of theirs: it names p (or quotes most of
// the paraphrase's words) and a passage shares most of its words with it.
func (m messageWords) quotesParaphrase(paraphrase string, p Person) bool {
	qwords := contentWords(normWords(paraphrase))
	named := m.names(p)
	for _, passage := range m.passages {
		pw := contentWords(passage)
		shared := 0
		for w := range pw {
			if qwords[w] {
				shared++
			}
		}
		if len(pw) == 0 {
			continue
		}
		share := float64(shared) / float64(len(pw))
		if share >= quotedPassageCoverage && (named || share >= misquoteCoverage) {
			return true
		}
	}
	return false
}

// messageWords is a chat message as misquote detection compares it.
type messageWords struct {
	norm     string          // the message's words, folded, joined by single spaces
	words    map[string]bool // its words
	passages []string        // its quoted passages, normalised
}

func newMessageWords(text string) messageWords {
	m := messageWords{norm: normWords(text), words: map[string]bool{}}
	for _, w := range strings.Fields(m.norm) {
		m.words[w] = true
	}
	passages := quotedPassages(text)
	if len(passages) == 0 {
		// No quotation marks (or they were lost on the way, as on a text
		// command line): what follows "said", "wrote", ... is the quote.
		if p := reported(m.norm); p != "" {
			passages = append(passages, p)
		}
	}
	for _, p := range passages {
		if n := normWords(p); len(strings.Fields(n)) >= minPassageWords {
			m.passages = append(m.passages, n)
		}
	}
	return m
}

// reportingVerbs introduce someone's words in a chat message.
var reportingVerbs = map[string]bool{
	"said": true, "says": true, "say": true, "wrote": true, "writes": true, "tweeted": true,
	"tweets": true, "posted": true, "argued": true, "argues": true, "claimed": true, "claims": true,
	"stated": true, "states": true, "told": true, "put": true,
}

// reported returns the words after the first reporting verb of a
// normalised message, "" when it has none.
func reported(norm string) string {
	words := strings.Fields(norm)
	for i, w := range words {
		if reportingVerbs[w] {
			rest := words[i+1:]
			if w == "put" && len(rest) > 0 && rest[0] == "it" {
				rest = rest[1:]
			}
			return strings.Join(rest, " ")
		}
	}
	return ""
}

// misquotes reports whether the message looks like a quote of quote, said
// by p, in other words than recorded.
func (m messageWords) misquotes(quote string, p Person) bool {
	qn := normWords(quote)
	if qn == "" || strings.Contains(m.norm, qn) {
		return false // quoted as recorded
	}
	for _, passage := range m.passages {
		if strings.Contains(qn, passage) {
			return false // a passage quoted as recorded
		}
	}
	qwords := contentWords(qn)
	if len(qwords) == 0 {
		return false
	}
	in := 0
	for w := range qwords {
		if m.words[w] {
			in++
		}
	}
	if float64(in) >= misquoteCoverage*float64(len(qwords)) {
		return true
	}
	if !m.names(p) {
		return false
	}
	for _, passage := range m.passages {
		pw := contentWords(passage)
		shared := 0
		for w := range pw {
			if qwords[w] {
				shared++
			}
		}
		if len(pw) > 0 && float64(shared) >= quotedPassageCoverage*float64(len(pw)) {
			return true
		}
	}
	return false
}

// names reports whether the message names p: their full name, an alias, or
// their last name as a word.
func (m messageWords) names(p Person) bool {
	if p.ID == "" {
		return false
	}
	padded := " " + m.norm + " "
	for _, n := range append([]string{p.Name}, p.Aliases...) {
		if nn := normWords(n); nn != "" && strings.Contains(padded, " "+nn+" ") {
			return true
		}
	}
	parts := strings.Fields(normWords(p.Name))
	return len(parts) > 1 && utf8.RuneCountInString(parts[len(parts)-1]) >= 3 && m.words[parts[len(parts)-1]]
}

// normWords folds s and keeps its words (letters, digits, inner
// apostrophes), joined by single spaces.
func normWords(s string) string {
	f := strings.FieldsFunc(Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	})
	for i, w := range f {
		f[i] = strings.Trim(strings.ReplaceAll(w, "’", "'"), "'")
	}
	return strings.Join(strings.Fields(strings.Join(f, " ")), " ")
}

// contentWords is the set of words of a normalised text that carry meaning
// (three letters or more).
func contentWords(norm string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(norm) {
		if utf8.RuneCountInString(w) >= 3 {
			out[w] = true
		}
	}
	return out
}

// quotedPassages returns the passages of text between quotation marks
// (straight or curly double quotes).
func quotedPassages(text string) []string {
	var out []string
	open := -1
	for i, r := range text {
		switch {
		case open < 0 && (r == '"' || r == '“'):
			open = i + utf8.RuneLen(r)
		case open >= 0 && (r == '"' || r == '”'):
			out = append(out, text[open:i])
			open = -1
		}
	}
	return out
}

// cutText returns s cut to at most n bytes, at a rune boundary.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
