package bot

import (
	"context"
	"fmt"
	"strconv"
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
		reply.Stats = stats.export()
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
// Where the source page stated a number the store computes differently
// and the difference is not the page's own people, both are shown.
func strategyCard(r StrategyReport, s strategyStats) Card {
	st := r.Strategy
	card := Card{Title: st.Name, Subtitle: st.Summary}
	if len(st.Aliases) > 0 {
		card.Text = "Also known as: " + strings.Join(st.Aliases, ", ")
	}
	add := func(name, value string, inline bool) {
		card.Fields = append(card.Fields, Field{Name: name, Value: value, Inline: inline})
	}
	a := s.stated
	if a == nil {
		a = &StatedAggregates{StatedEndorsers: NotStated, Opposers: NotStated, ProfiledEndorsers: NotStated,
			QuotesByEndorsers: NotStated, VintageAssigned: NotStated}
	}
	oc := s.onPageCounts()
	add("Stated endorsers", lines(endorserText(s), s.statedNote(len(s.endorsers), oc.endorsers, a.StatedEndorsers)), true)
	opp := "no opposers yet"
	if n := len(s.opposers); n > 0 {
		opp = fmt.Sprint(n)
	}
	add("Opposers", lines(opp, s.statedNote(len(s.opposers), len(s.opposers), a.Opposers)), true)
	prof := fmt.Sprintf("%d profiled", s.profiledEndorsers)
	if s.profiledTotal > 0 {
		prof = fmt.Sprintf("%d of %d profiled on the board (%d%%)", s.profiledEndorsers, s.profiledTotal, s.profiledSharePct)
	}
	add("Profiled endorsers", lines(prof, s.statedNote(s.profiledEndorsers, oc.profiled, a.ProfiledEndorsers)), true)
	pd := "no p(doom) on record"
	if s.pdoom.n > 0 {
		pd = fmt.Sprintf("mean %d%%, median %d%% (n=%d)", boardRound(s.pdoom.mean), boardRound(s.pdoom.median), s.pdoom.n)
	}
	if d := a.PDoom; d != nil && (s.pdoom.n != d.N || boardRound(s.pdoom.mean) != boardRound(d.Mean)) {
		said := fmt.Sprintf("%s%%", strconv.FormatFloat(d.Mean, 'f', -1, 64))
		var extra []string
		if d.N != NotStated {
			extra = append(extra, fmt.Sprintf("n=%d", d.N))
		}
		if d.Median != NotStated {
			extra = append(extra, fmt.Sprintf("median %s%%", strconv.FormatFloat(d.Median, 'f', -1, 64)))
		}
		if len(extra) > 0 {
			said += " (" + strings.Join(extra, ", ") + ")"
		}
		pd = lines(pd, "the board reports "+said+"; "+unattributable)
	}
	add("Endorser p(doom)", pd, true)
	add("Quotes by endorsers", lines(fmt.Sprint(s.quotesByEndorsers), s.statedNote(s.quotesByEndorsers, oc.quotes, a.QuotesByEndorsers)), true)
	if len(s.offPage) > 0 {
		var names []string
		for _, ps := range s.offPage {
			names = append(names, ps.Person.Name)
		}
		add("Not on the source page", fmt.Sprintf("These counts include %s from another source than %s: %s.",
			plural(len(s.offPage), "endorser", "endorsers"), s.pageSource, strings.Join(names, ", ")), false)
	}
	if len(s.principal) > 0 {
		var ls []string
		for _, ps := range s.principal {
			ls = append(ls, ps.Person.Name+" — "+labelOr(ps.Person.Recognition.Label(), "recognition unknown"))
		}
		add("Principal voices", strings.Join(ls, "\n"), false)
	}
	if s.placed > 0 || s.grid.Unnamed != nil {
		g := s.grid
		card.Grid = &g
	}
	n := len(s.endorsers)
	add(fmt.Sprintf("Expertise mix of endorsers · %d profiled of %d%s", s.profiledEndorsers, n,
		assigned(s.expertiseKnown, s.profiledEndorsers, "a tier")),
		mixText(s.expertiseKnown, s.expertiseMix, oc.expertiseMix, Expertises, a.ExpertiseMix, Expertise.MixLabel), false)
	add("Recognition mix of endorsers"+assigned(s.recognitionKnown, s.profiledEndorsers, "a tier"),
		mixText(s.recognitionKnown, s.recognitionMix, oc.recognitionMix, Recognitions, a.RecognitionMix, Recognition.MixLabel), false)
	vintage := mixText(s.vintageKnown, s.vintageMix, s.vintageMix, Vintages, nil, Vintage.Label)
	if a.VintageMix != nil && a.VintageAssigned != s.vintageKnown {
		var parts []string
		for _, v := range Vintages {
			if c := a.VintageMix[v]; c > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", v.Label(), c))
			}
		}
		vintage = lines(vintage, fmt.Sprintf("the board reports n=%d (%s); %s", a.VintageAssigned, strings.Join(parts, ", "), unattributable))
	}
	add(fmt.Sprintf("Vintage mix · n=%d of %d profiled with era assigned", s.vintageKnown, s.profiledEndorsers), vintage, false)
	add("Also held by these endorsers", relatedText(s.related, n), false)
	return card
}

// unattributable says why a number the source page stated is not the one
// computed.
const unattributable = "not attributable to named people in this export"

// onPageCounts are the counts to hold against what the page stated: over
// the people the page lists when it lists them, else over everyone.
func (s strategyStats) onPageCounts() strategyCounts {
	if s.haveOnPage {
		return s.onPage
	}
	return strategyCounts{endorsers: len(s.endorsers), profiled: s.profiledEndorsers, quotes: s.quotesByEndorsers,
		expertiseMix: s.expertiseMix, recognitionMix: s.recognitionMix}
}

// statedNote is the line shown under a computed count that the page
// stated otherwise: "" when the page did not state it, or when it agrees
// with the count over the page's own people (the rest is said once, in
// "Not on the source page").
func (s strategyStats) statedNote(computed, onPage, stated int) string {
	if stated == NotStated || stated == computed || stated == onPage {
		return ""
	}
	return fmt.Sprintf("the board reports %d; %s", stated, unattributable)
}

// endorserText counts the stated endorsers, broken down by stance when not
// all simply endorse, and the tentative ones apart: "38 (36 endorses, 2
// mixed) +2 tentative".
func endorserText(s strategyStats) string {
	n := len(s.endorsers)
	out := fmt.Sprint(n)
	if s.kinds[StanceEndorses] != n {
		var parts []string
		for _, k := range StanceKinds {
			if k.IsEndorser() && s.kinds[k] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", s.kinds[k], k))
			}
		}
		out = fmt.Sprintf("%d (%s)", n, strings.Join(parts, ", "))
	}
	if t := len(s.tentative); t > 0 {
		out += fmt.Sprintf(" +%d tentative", t)
	}
	return out
}

// assigned notes how many of the profiled people have a value assigned,
// when some do not: " · 6 of 7 with a tier assigned".
func assigned(known, profiled int, what string) string {
	if known == profiled {
		return ""
	}
	return fmt.Sprintf(" · %d of %d with %s assigned", known, profiled, what)
}

// mixText lists a mix's counts, one tier a line, or says none is known; a
// tier the page stated otherwise than counted over its own people shows
// the page's number too.
func mixText[T comparable](known int, counts, onPage []int, tiers []T, stated map[T]int, label func(T) string) string {
	var ls []string
	differs := false
	for i, t := range tiers {
		l := fmt.Sprintf("%s: %d", label(t), counts[i])
		if n, ok := stated[t]; ok && n != counts[i] && n != onPage[i] {
			l += fmt.Sprintf(" · the board reports %d", n)
			differs = true
		}
		ls = append(ls, l)
	}
	if differs {
		ls = append(ls, "The board's numbers are "+unattributable+".")
	} else if known == 0 {
		return "none on record"
	}
	return strings.Join(ls, "\n")
}

// relatedText lists the other strategies the endorsers hold, with shares
// rounded as the board rounds them and the relation the board declares.
func relatedText(rel []CoEndorsement, endorsers int) string {
	if len(rel) == 0 {
		return fmt.Sprintf("no other strategy held by %d or more of these endorsers", minCoEndorsers)
	}
	var ls []string
	for _, c := range rel {
		l := fmt.Sprintf("%s: %d of %d (%d%%)", c.Strategy.Name, c.People, endorsers, sharePct(c.People, endorsers))
		if c.Declared != "" {
			l += " · declared: " + string(c.Declared)
		}
		ls = append(ls, l)
	}
	return strings.Join(ls, "\n")
}

// sharePct is part of whole in percent, rounded as the board rounds it.
func sharePct(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return boardRound(float64(part) / float64(whole) * 100)
}

// recordCard is one person on a strategy's record: role, stance (unless
// the page lists only that stance), its summary and their quote cards on
// the strategy.
func recordCard(st Strategy, ps PersonStance, quotes []Quote, filter StanceKind) Card {
	p := ps.Person
	card := Card{Title: p.Name, Subtitle: p.Role, Text: ps.Stance.Summary, Item: true}
	if ps.Stance.Kind != filter || ps.Stance.Tentative {
		card.Fields = []Field{{Name: "Stance", Value: stanceText(ps.Stance), Inline: true}}
	}
	for _, q := range quotes {
		qb := quoteBlock(q, p, st, nil)
		qb.Stance = ps.Stance.Kind // as /person's quote cards carry it
		card.Quotes = append(card.Quotes, qb)
	}
	return card
}

// stanceText is a stance's kind, marked when tentative: "endorses
// (tentative: inferred from a passing remark)".
func stanceText(st Stance) string {
	if st.Tentative {
		return string(st.Kind) + " (tentative: inferred from a passing remark)"
	}
	return string(st.Kind)
}
