package bot

import (
	"context"
	"fmt"
	"strings"
)

// peoplePerPage is how many people on the record one /whoendorses page lists.
const peoplePerPage = 8

// maxPageReads is how many times /whoendorses reads a strategy's report
// and its page's quotes again when an import lands between the two reads.
const maxPageReads = 3

// runWhoEndorses answers /whoendorses: the strategy card on the first page,
// then the people on the record, filtered by stance and paginated.
func (b *Bot) runWhoEndorses(ctx context.Context, req Request) (Reply, error) {
	cat, err := b.currentCatalog(ctx)
	if err != nil {
		return Reply{}, err
	}
	st, err := cat.findStrategy(req.Option("strategy"))
	if err != nil {
		return Reply{}, err
	}
	kind := StanceKind(req.Option("stance"))
	p, err := b.readStrategyPage(ctx, cat, st.ID, kind, req.Option("page"))
	if err != nil {
		return Reply{}, err
	}
	report, stats, pg := p.report, p.stats, p.pager
	var reply Reply
	if pg.page == 1 {
		card := strategyCard(report, stats)
		card.Footer = recordFooter(len(p.listed), kind, pg)
		reply.Cards = append(reply.Cards, card)
	} else {
		reply.Cards = append(reply.Cards, Card{
			Title:    report.Strategy.Name + ": people on the record",
			Subtitle: recordFooter(len(p.listed), kind, pg),
		})
	}
	for _, ps := range p.shown() {
		reply.Cards = append(reply.Cards, recordCard(report.Strategy, ps, p.quotesOf[ps.Person.ID], kind))
	}
	command := "/whoendorses " + report.Strategy.ID
	if kind != "" {
		command += " stance:" + string(kind)
	}
	pg.apply(&reply, command, req.ActionRoom)
	return reply, nil
}

// strategyPage is what one /whoendorses page is made of.
type strategyPage struct {
	report   StrategyReport
	stats    strategyStats
	listed   []PersonStance // the people on the record with the requested stance, in name order
	pager    pager
	quotesOf map[string][]Quote // person id -> quotes on the strategy, newest first, for the people shown
}

// shown is the people on the page.
func (p strategyPage) shown() []PersonStance {
	lo, hi := p.pager.bounds()
	return p.listed[lo:hi]
}

// readStrategyPage reads a strategy's report, computes its stats and the
// page, then reads the quotes of only the people the page shows. Both reads
// are of one store version: when the store has moved on after them, they
// are read again (at most maxPageReads times; then the last is shown).
func (b *Bot) readStrategyPage(ctx context.Context, cat *catalogSnapshot, strategyID string, kind StanceKind, page string) (strategyPage, error) {
	var p strategyPage
	for attempt := 1; ; attempt++ {
		report, err := b.opts.Store.StrategyReport(ctx, strategyID)
		if err != nil {
			return p, fmt.Errorf("whoendorses %s: %w", strategyID, err)
		}
		p = strategyPage{report: report, stats: summarizeStrategy(report, cat)}
		p.listed = p.stats.people
		if kind != "" {
			p.listed = nil
			for _, ps := range p.stats.people {
				if ps.Stance.Kind == kind {
					p.listed = append(p.listed, ps)
				}
			}
		}
		if p.pager, err = newPager(page, len(p.listed), peoplePerPage); err != nil {
			return p, err
		}
		ids := make([]string, 0, peoplePerPage)
		for _, ps := range p.shown() {
			ids = append(ids, ps.Person.ID)
		}
		quotes, err := b.opts.Store.StrategyQuotes(ctx, strategyID, ids)
		if err != nil {
			return p, fmt.Errorf("whoendorses %s: quotes: %w", strategyID, err)
		}
		p.quotesOf = make(map[string][]Quote, len(ids))
		for _, q := range quotes {
			p.quotesOf[q.PersonID] = append(p.quotesOf[q.PersonID], q)
		}
		for _, qs := range p.quotesOf {
			sortQuotes(qs)
		}
		v, err := b.opts.Store.Version(ctx)
		if err != nil {
			return p, fmt.Errorf("whoendorses %s: store version: %w", strategyID, err)
		}
		if v == report.Version || attempt == maxPageReads {
			return p, nil
		}
	}
}

// recordFooter says how many people are on the record and which page this is.
func recordFooter(n int, kind StanceKind, pg pager) string {
	what := "People on the record"
	if kind != "" {
		what += " with stance " + string(kind)
	}
	if n == 0 {
		return what + ": none."
	}
	s := fmt.Sprintf("%s: %d", what, n)
	if pg.pages > 1 {
		s += " · showing " + pg.rangeText()
	}
	return s
}

// strategyCard is the summary card of a strategy, as the board shows it.
func strategyCard(r StrategyReport, s strategyStats) Card {
	st := r.Strategy
	card := Card{Title: st.Name, Subtitle: st.Summary}
	if len(st.Aliases) > 0 {
		card.Text = "Also known as: " + strings.Join(st.Aliases, ", ")
	}
	add := func(name, value string, inline bool) {
		card.Fields = append(card.Fields, Field{Name: name, Value: value, Inline: inline})
	}
	add("Stated endorsers", endorserText(s), true)
	opp := "no opposers yet"
	if n := len(s.opposers); n > 0 {
		opp = fmt.Sprint(n)
	}
	add("Opposers", opp, true)
	prof := fmt.Sprintf("%d profiled", s.profiledEndorsers)
	if r.Board != nil && r.Board.ProfiledTotal > 0 {
		prof = fmt.Sprintf("%d of %d profiled on the board (%s)", s.profiledEndorsers, r.Board.ProfiledTotal,
			percent(float64(100*s.profiledEndorsers)/float64(r.Board.ProfiledTotal)))
	}
	add("Profiled endorsers", prof, true)
	pd := "no p(doom) on record"
	if s.pdoom.n > 0 {
		pd = fmt.Sprintf("mean %s, median %s (n=%d)", percent(s.pdoom.mean), percent(s.pdoom.median), s.pdoom.n)
	}
	add("Endorser p(doom)", pd, true)
	add("Quotes by endorsers", fmt.Sprint(s.quotesByEndorsers), true)
	if len(s.principal) > 0 {
		var ls []string
		for _, ps := range s.principal {
			ls = append(ls, ps.Person.Name+" — "+ps.Person.Recognition.Label())
		}
		add("Principal voices", strings.Join(ls, "\n"), false)
	}
	if s.placed > 0 {
		g := s.grid
		card.Grid = &g
	}
	n := len(s.endorsers)
	add(fmt.Sprintf("Expertise mix of endorsers · %d profiled of %d%s", s.profiledEndorsers, n,
		assigned(s.expertiseKnown, s.profiledEndorsers, "a tier")),
		mixText(s.expertiseKnown, s.expertiseMix, func(i int) string { return Expertises[i].MixLabel() }), false)
	add("Recognition mix of endorsers"+assigned(s.recognitionKnown, s.profiledEndorsers, "a tier"),
		mixText(s.recognitionKnown, s.recognitionMix, func(i int) string { return Recognitions[i].MixLabel() }), false)
	add(fmt.Sprintf("Vintage mix · n=%d of %d profiled with era assigned", s.vintageKnown, s.profiledEndorsers),
		mixText(s.vintageKnown, s.vintageMix, func(i int) string { return Vintages[i].Label() }), false)
	add("Also held by these endorsers", relatedText(s.related, n), false)
	return card
}

// endorserText counts the endorsers, broken down by stance when not all
// simply endorse: "38 (36 endorses, 2 mixed)".
func endorserText(s strategyStats) string {
	n := len(s.endorsers)
	if s.kinds[StanceEndorses] == n {
		return fmt.Sprint(n)
	}
	var parts []string
	for _, k := range StanceKinds {
		if k.IsEndorser() && s.kinds[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", s.kinds[k], k))
		}
	}
	return fmt.Sprintf("%d (%s)", n, strings.Join(parts, ", "))
}

// assigned notes how many of the profiled people have a value assigned,
// when some do not: " · 6 of 7 with a tier assigned".
func assigned(known, profiled int, what string) string {
	if known == profiled {
		return ""
	}
	return fmt.Sprintf(" · %d of %d with %s assigned", known, profiled, what)
}

// mixText lists a mix's counts, one tier a line, or says none is known.
func mixText(known int, counts []int, label func(int) string) string {
	if known == 0 {
		return "none on record"
	}
	ls := make([]string, len(counts))
	for i, c := range counts {
		ls[i] = fmt.Sprintf("%s: %d", label(i), c)
	}
	return strings.Join(ls, "\n")
}

// maxRelated is how many co-endorsed strategies a strategy card lists.
const maxRelated = 10

// relatedText lists the other strategies the endorsers hold, with shares.
func relatedText(rel []CoEndorsement, endorsers int) string {
	if len(rel) == 0 {
		return "no other strategies on record for these endorsers"
	}
	var ls []string
	for _, c := range rel[:min(len(rel), maxRelated)] {
		ls = append(ls, c.Strategy.Name+": "+share(c.People, endorsers))
	}
	if len(rel) > maxRelated {
		ls = append(ls, fmt.Sprintf("and %d more", len(rel)-maxRelated))
	}
	return strings.Join(ls, "\n")
}

// recordCard is one person on a strategy's record: role, stance (unless
// the page lists only that stance), its summary and their quote cards on
// the strategy.
func recordCard(st Strategy, ps PersonStance, quotes []Quote, filter StanceKind) Card {
	p := ps.Person
	card := Card{Title: p.Name, Subtitle: p.Role, Text: ps.Stance.Summary, Item: true}
	if ps.Stance.Kind != filter {
		card.Fields = []Field{{Name: "Stance", Value: stanceText(ps.Stance), Inline: true}}
	}
	for _, q := range quotes {
		qb := quoteBlock(q, p, st, nil)
		qb.Stance = ps.Stance.Kind // as /person's quote cards carry it
		card.Quotes = append(card.Quotes, qb)
	}
	return card
}
