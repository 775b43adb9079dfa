package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// quotesPerPage is how many quote cards one /person page shows.
const quotesPerPage = 6

// runPerson answers /person: the person card on the first page, then their
// quote cards, paginated.
func (b *Bot) runPerson(ctx context.Context, req Request) (Reply, error) {
	cat, err := b.currentCatalog(ctx)
	if err != nil {
		return Reply{}, err
	}
	p, err := cat.findPerson(req.Option("name"))
	if err != nil {
		return Reply{}, err
	}
	r, err := b.opts.Store.PersonReport(ctx, p.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("person %s: %w", p.ID, err)
	}
	quotes := append([]Quote(nil), r.Quotes...)
	sortQuotes(quotes)
	pg, err := newPager(req.Option("page"), len(quotes), quotesPerPage)
	if err != nil {
		return Reply{}, err
	}
	var reply Reply
	if pg.page == 1 {
		reply.Cards = append(reply.Cards, personCard(r, cat))
	}
	if len(quotes) > 0 {
		qc := Card{Title: "Quotes by " + r.Person.Name}
		if pg.pages > 1 {
			qc.Subtitle = pg.rangeText()
		}
		stances := map[string]Stance{}
		for _, s := range r.Stances {
			stances[s.Strategy.ID] = s.Stance
		}
		lo, hi := pg.bounds()
		for _, q := range quotes[lo:hi] {
			st := strategyOf(r, cat, q.StrategyID)
			qb := quoteBlock(q, r.Person, st, nil)
			if s, ok := stances[q.StrategyID]; ok {
				qb.Stance = s.Kind
			}
			qc.Quotes = append(qc.Quotes, qb)
		}
		reply.Cards = append(reply.Cards, qc)
	}
	pg.apply(&reply, "/person "+r.Person.ID, req.ActionRoom)
	return reply, nil
}

// strategyOf finds a strategy by id in the report's stances or the catalog;
// an unknown id is shown as itself.
func strategyOf(r PersonReport, cat *catalogSnapshot, id string) Strategy {
	for _, s := range r.Stances {
		if s.Strategy.ID == id {
			return s.Strategy
		}
	}
	if st, ok := cat.strategy(id); ok {
		return st
	}
	return Strategy{ID: id, Name: id}
}

// personCard is a person's summary: role, tiers, vintage, p(doom), stances
// and their history.
func personCard(r PersonReport, cat *catalogSnapshot) Card {
	p := r.Person
	card := Card{Title: p.Name, Subtitle: p.Role}
	if len(p.Aliases) > 0 {
		card.Text = "Also known as: " + strings.Join(p.Aliases, ", ")
	}
	add := func(name, value string, inline bool) {
		card.Fields = append(card.Fields, Field{Name: name, Value: value, Inline: inline})
	}
	if !p.Profiled && p.Expertise == "" && p.Recognition == "" {
		add("Tiers", "not profiled", true)
	} else {
		add("Expertise", labelOr(p.Expertise.Label(), "unknown"), true)
		add("Recognition", labelOr(p.Recognition.Label(), "unknown"), true)
	}
	add("Vintage", labelOr(p.Vintage.Label(), "unknown"), true)
	add("p(doom)", pdoomText(p.PDoomClaims), len(p.PDoomClaims) <= 1)
	stances := append([]StrategyStance(nil), r.Stances...)
	sort.SliceStable(stances, func(i, j int) bool { return Fold(stances[i].Strategy.Name) < Fold(stances[j].Strategy.Name) })
	if len(stances) == 0 {
		add("Stances", "none on record", false)
	} else {
		var ls []string
		for _, s := range stances {
			ls = append(ls, lines(fmt.Sprintf("%s %s", stanceText(s.Stance), s.Strategy.Name), indent(s.Stance.Summary)))
		}
		add(fmt.Sprintf("Stances (%d)", len(stances)), strings.Join(ls, "\n"), false)
	}
	if h := historyText(r, cat); h != "" {
		add("Stance history (dates recorded)", h, false)
	}
	return card
}

// historyText lists a person's recorded stance changes, oldest first:
// "Open source: mixed (2024-05-01) → endorses (2025-11-21)".
func historyText(r PersonReport, cat *catalogSnapshot) string {
	var ls []string
	for _, c := range r.History {
		name := strategyOf(r, cat, c.StrategyID).Name
		switch c.Kind {
		case ChangeStanceNew:
			ls = append(ls, fmt.Sprintf("%s: %s%s", name, c.NewKind, dated(c.RecordedAt)))
		case ChangeStanceChanged:
			if c.OldKind == c.NewKind {
				ls = append(ls, fmt.Sprintf("%s: %s, summary updated%s", name, c.NewKind, dated(c.RecordedAt)))
			} else {
				ls = append(ls, fmt.Sprintf("%s: %s%s → %s%s", name, c.OldKind, dated(c.OldRecordedAt), c.NewKind, dated(c.RecordedAt)))
			}
		}
	}
	return strings.Join(ls, "\n")
}

// dated formats when something was recorded: " (2025-11-21)", "" when unknown.
func dated(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return " (" + t.UTC().Format(time.DateOnly) + ")"
}

// labelOr returns label, or alt when label is empty (an unknown tier).
func labelOr(label, alt string) string {
	if label == "" {
		return alt
	}
	return label
}

// indent prefixes a non-empty line with two spaces.
func indent(s string) string {
	if s == "" {
		return ""
	}
	return "  " + s
}

// pdoomText lists a person's p(doom) claims, one a line, in the source's
// order: "10–20% (extinction by 2100) — 2023, interview, Title, Publisher".
func pdoomText(claims []PDoomClaim) string {
	if len(claims) == 0 {
		return "none on record"
	}
	ls := make([]string, len(claims))
	for i, c := range claims {
		v := percent(c.Low)
		if c.IsRange() {
			v = strings.TrimSuffix(v, "%") + "–" + percent(c.High)
		}
		if c.Definition != "" {
			v += " (" + c.Definition + ")"
		}
		var cite []string
		if !c.Date.IsZero() {
			cite = append(cite, c.Date.String())
		}
		for _, x := range []string{c.Source.Type, c.Source.Title, c.Source.Publisher, c.Source.URL} {
			if x != "" {
				cite = append(cite, x)
			}
		}
		if len(cite) > 0 {
			v += " — " + strings.Join(cite, ", ")
		}
		ls[i] = v
	}
	return strings.Join(ls, "\n")
}
