package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Limits of /quote.
const (
	maxQuoteWords = 1000 // bytes of words accepted
	// demoteWindow is how many of the first matches /quote reorders to put
	// disputed and misattributed quotes after the others.
	demoteWindow = 20
)

// errNoQuoteIndex is the answer of /quote and /sources without an index.
func errNoQuoteIndex() error {
	return Errorf(EINTERNAL, "Quote search is not available on this bot right now.")
}

func (b *Bot) quoteCommand() Command {
	fids := make([]string, len(Fidelities))
	for i, f := range Fidelities {
		fids[i] = string(f)
	}
	return Command{
		Name:        "quote",
		Description: "Post the best sourced quote for some words, with its full citation",
		Options: []Option{
			{Name: "words", Description: "What the quote is about, in your own words",
				Required: true, Positional: true, Rest: true, MaxLength: maxQuoteWords},
			{Name: "person", Description: "Only quotes by this person",
				Autocomplete: CompletePerson, MaxLength: maxNameOption},
			{Name: "strategy", Description: "Only quotes on this strategy",
				Autocomplete: CompleteStrategy, MaxLength: maxNameOption},
			{Name: "fidelity", Description: "Only quotes of this fidelity", Choices: fids, MaxLength: 20},
			pageOption(),
		},
		Examples: []string{
			"/quote regulation bans open source",
			"/quote open models public good person:emad-mostaque",
			`/quote science sharing knowledge fidelity:"direct quote"`,
		},
		Run: b.runQuote,
	}
}

// runQuote answers /quote: the best matching quote card, posted publicly,
// one per page; "more" shows the next one.
func (b *Bot) runQuote(ctx context.Context, req Request) (Reply, error) {
	if b.opts.Index == nil {
		return Reply{}, errNoQuoteIndex()
	}
	words := req.Option("words")
	// One match per page, asked for with the next one, so that the index
	// looks past the matches of every word when they end on this page and
	// counts those of any word (index.Search): the count, and the "more"
	// button, stay the same from the first page to the last.
	q := QuoteQuery{Words: words, Limit: 2}
	cat, err := b.currentCatalog(ctx)
	if err != nil {
		return Reply{}, err
	}
	var filters []string // the filters, as the footer shows them
	if name := req.Option("person"); name != "" {
		p, err := cat.findPerson(name)
		if err != nil {
			return Reply{}, err
		}
		q.PersonID = p.ID
		filters = append(filters, "by "+p.Name)
	}
	if name := req.Option("strategy"); name != "" {
		st, err := cat.findStrategy(name)
		if err != nil {
			return Reply{}, err
		}
		q.StrategyID = st.ID
		filters = append(filters, "on "+st.Name)
	}
	if f := req.Option("fidelity"); f != "" {
		// Handle has validated it as one of the option's choices.
		q.Fidelity = Fidelity(f)
		filters = append(filters, f+" only")
	}
	// One match per page: page N is the match at offset N-1. The first
	// demoteWindow matches are searched at once and disputed and
	// misattributed quotes moved after the others, so that they are never
	// the top answer; later pages are one match each, in the index's order.
	// A page that is not a number searches from the first match and is
	// refused below with the range of pages, as every paginated answer
	// refuses it.
	inWindow := 0 // the page's place in the window, 0 past it
	if n, err := strconv.Atoi(req.Option("page")); err == nil && n > demoteWindow {
		q.Offset = n - 1
	} else {
		q.Limit, inWindow = demoteWindow, max(n, 1)
	}

	hits, err := b.opts.Index.Search(ctx, q)
	if err != nil {
		return Reply{}, fmt.Errorf("quote search: %w", err)
	}
	if hits.Total == 0 {
		return Reply{}, noQuoteFound(cat, words, filters)
	}
	pg, err := newPager(req.Option("page"), hits.Total, 1)
	if err != nil {
		return Reply{}, err
	}
	blocks, err := b.shownBlock(ctx, hits.Hits, inWindow)
	if err != nil {
		return Reply{}, err
	}
	if len(blocks) == 0 {
		// The index is a step behind the store (a quote was removed): say
		// so rather than show an empty card.
		return Reply{}, Errorf(ENOTFOUND, "That quote is no longer on record; try /quote again.")
	}
	qb := blocks[0]
	// The page line ("Page 2 of 6") says which match this is: the footer
	// says how many there are, once.
	footer := fmt.Sprintf("%s for “%s”", plural(hits.Total, "match", "matches"), Echo(words, 80))
	if len(filters) > 0 {
		footer += " (" + strings.Join(filters, ", ") + ")"
	}
	reply := Reply{
		Visibility: Public,
		Cards: []Card{{
			Title:    qb.Speaker + " on " + qb.Strategy,
			Subtitle: qb.Role,
			Quotes:   []QuoteBlock{qb},
			Footer:   footer,
		}},
	}
	if pg.pages > 1 {
		reply.Page, reply.Pages = pg.page, pg.pages
	}
	if pg.page < pg.pages {
		if c, ok := quoteCommandLine(words, q, pg.page+1, req.ActionRoom); ok {
			reply.Actions = append(reply.Actions, Action{Label: "more", Command: c})
		}
	}
	links, err := b.storyActions(ctx, cat, []QuoteBlock{qb}, req.ActionRoom)
	if err != nil {
		return Reply{}, err
	}
	reply.Actions = append(reply.Actions, links...)
	return reply, nil
}

// quoteBlocks builds the quote cards of hits from the store, in hit order,
// with their highlights. Hits the store no longer has are skipped.
func (b *Bot) quoteBlocks(ctx context.Context, hits []QuoteHit) ([]QuoteBlock, error) {
	views, err := b.opts.Store.QuoteViews(ctx, hitIDs(hits))
	if err != nil {
		return nil, fmt.Errorf("quote cards: %w", err)
	}
	byID := make(map[string]QuoteView, len(views))
	for _, v := range views {
		byID[v.Quote.ID] = v
	}
	out := make([]QuoteBlock, 0, len(hits))
	for _, h := range hits {
		v, ok := byID[h.QuoteID]
		if !ok {
			continue
		}
		qb := QuoteViewBlock(v)
		qb.setMatches(h.Highlights)
		out = append(out, qb)
	}
	return out, nil
}

// hitIDs are the quote ids of hits, in hit order.
func hitIDs(hits []QuoteHit) []string {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.QuoteID
	}
	return ids
}

// shownBlock returns the card of the match a page shows, none when the
// store no longer has it: past the window (at 0) the first hit (the second
// is only asked for to keep the count); inside it, the hit at place at
// (from 1) of the window's hits with the doubted ones after the others
// (demoteDoubtedHits). Only the shown match's card is read; on the first
// page, when the first hit is on record and not doubted, it is the match
// and the window's order is not read.
func (b *Bot) shownBlock(ctx context.Context, hits []QuoteHit, at int) ([]QuoteBlock, error) {
	if at <= 1 {
		blocks, err := b.quoteBlocks(ctx, hits[:min(len(hits), 1)])
		if err != nil || at == 0 || (len(blocks) == 1 && !blocks[0].Verification.IsDoubted()) {
			return blocks, err
		}
	}
	ordered, err := b.demoteDoubtedHits(ctx, hits)
	if err != nil || at > len(ordered) {
		return nil, err
	}
	return b.quoteBlocks(ctx, ordered[at-1:at])
}

// demoteDoubtedHits returns the hits whose quotes the store has, those of
// disputed and misattributed quotes after the others (demoteDoubtedBy),
// reading only the quotes' verification.
func (b *Bot) demoteDoubtedHits(ctx context.Context, hits []QuoteHit) ([]QuoteHit, error) {
	status, err := b.opts.Store.QuoteVerifications(ctx, hitIDs(hits))
	if err != nil {
		return nil, fmt.Errorf("quote verifications: %w", err)
	}
	out := make([]QuoteHit, 0, len(hits))
	for _, h := range hits {
		if _, ok := status[h.QuoteID]; ok {
			out = append(out, h)
		}
	}
	demoteDoubtedBy(out, func(h QuoteHit) Verification { return status[h.QuoteID] })
	return out, nil
}

// noQuoteFound is the answer when nothing matches: it names the people and
// strategies closest to the words, since users often type a name.
func noQuoteFound(cat *catalogSnapshot, words string, filters []string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "No quote matches “%s”", Echo(words, 60))
	if len(filters) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(filters, ", "))
	}
	b.WriteString(".")
	if !cat.writeClosest(&b, words, "Closest") {
		b.WriteString(" Try other words, or /strategies for what is on record.")
	}
	return &Error{Code: ENOTFOUND, Message: b.String()}
}

// quoteCommandLine is the /quote command line of a given page of q, for a
// "more" button: at most room bytes (0: no limit). Characters the search reads
// as separators (quotation marks, colons) become spaces, so that the line
// parses back to the same search; when it is too long, trailing words are
// dropped. ok is false when not even one word fits.
func quoteCommandLine(words string, q QuoteQuery, page, room int) (string, bool) {
	var tail string
	if q.PersonID != "" {
		tail += " person:" + q.PersonID
	}
	if q.StrategyID != "" {
		tail += " strategy:" + q.StrategyID
	}
	if q.Fidelity != "" {
		tail += ` fidelity:"` + string(q.Fidelity) + `"`
	}
	tail += " page:" + strconv.Itoa(page)
	fields := strings.Fields(strings.Map(func(r rune) rune {
		switch r {
		case ':', '"', '“', '”':
			return ' '
		}
		return r
	}, words))
	for n := len(fields); n > 0; n-- {
		line := "/quote " + strings.Join(fields[:n], " ") + tail
		if fits(line, room) {
			return line, true
		}
	}
	return "", false
}
