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
	// The card's count and its page of quotes come from one read, so that
	// an import between two reads cannot make them disagree.
	r, err := b.opts.Store.PersonReport(ctx, p.ID, pageOffset(req.Option("page"), quotesPerPage), quotesPerPage)
	if err != nil {
		return Reply{}, fmt.Errorf("person %s: %w", p.ID, err)
	}
	pg, err := newPager(req.Option("page"), r.QuoteTotal, quotesPerPage)
	if err != nil {
		return Reply{}, err
	}
	var (
		reply Reply
		links []Action // to the stories whose posts are among the quotes shown
	)
	if pg.page == 1 {
		card := personCard(r, cat)
		if err := b.addCommunityRecord(ctx, &card, r.Person.ID); err != nil {
			return Reply{}, err
		}
		reply.Cards = append(reply.Cards, card)
	}
	if len(r.Quotes) > 0 {
		qc := Card{Title: "Quotes by " + r.Person.Name}
		if pg.pages > 1 {
			qc.Subtitle = pg.rangeText()
		}
		stances := map[string]Stance{}
		for _, s := range r.Stances {
			stances[s.Strategy.ID] = s.Stance
		}
		for _, q := range r.Quotes {
			st := strategyOf(r, cat, q.StrategyID)
			qb := quoteBlock(q, r.Person, st, nil)
			if s, ok := stances[q.StrategyID]; ok {
				qb.Stance = s.Kind
			}
			qc.Quotes = append(qc.Quotes, qb)
		}
		reply.Cards = append(reply.Cards, qc)
		if links, err = b.storyActions(ctx, cat, qc.Quotes, req.ActionRoom); err != nil {
			return Reply{}, err
		}
	}
	pg.apply(&reply, "/person "+r.Person.ID, req.ActionRoom)
	reply.Actions = append(reply.Actions, links...)
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

// personCard is a person's summary: role, the board's profile (tiers and
// why, p(doom) and timeline claims, affiliations, links), stances and
// their history. Dates are shown only where a source gives them; the
// store's own times are labelled as such.
func personCard(r PersonReport, cat *catalogSnapshot) Card {
	p := r.Person
	card := Card{Title: p.Name, Subtitle: p.Role}
	var text []string
	if len(p.Aliases) > 0 {
		text = append(text, "Also known as: "+strings.Join(p.Aliases, ", "))
	}
	if p.Tagline != "" && p.Tagline != p.Role { // the board often gives one line for both
		text = append(text, p.Tagline)
	}
	card.Text = strings.Join(text, "\n")
	add := func(name, value string, inline bool) {
		if value != "" {
			card.Fields = append(card.Fields, Field{Name: name, Value: value, Inline: inline})
		}
	}
	add("About (the board's summary)", p.Summary, false)
	switch {
	case p.Profiled || p.Expertise != "" || p.Recognition != "":
		add("Expertise", labelOr(p.Expertise.Label(), "unknown"), true)
		add("Recognition", labelOr(p.Recognition.Label(), "unknown"), true)
	case p.Unprofiled:
		add("Tiers", "not profiled on the board", true)
	default:
		add("Tiers", "tiers not in this export", true)
	}
	add("Vintage", labelOr(p.Vintage.Label(), "unknown"), true)
	add("p(doom)", pdoomText(p.PDoomClaims), len(p.PDoomClaims) <= 1)
	add("Why these tiers (the board's notes)", notesText(p.ProfileNotes), false)
	add("Timeline forecasts", timelinesText(p.Timelines), false)
	add("Affiliations", affiliationsText(p.Affiliations), false)
	add("Categories", strings.Join(p.Categories, ", "), true)
	add("Links", linksText(p), false)
	if !p.LastUpdated.IsZero() {
		add("Last updated on the board", p.LastUpdated.String(), true)
	}
	stances := append([]StrategyStance(nil), r.Stances...)
	sort.SliceStable(stances, func(i, j int) bool { return Fold(stances[i].Strategy.Name) < Fold(stances[j].Strategy.Name) })
	if len(stances) == 0 {
		add("Stances", "none on record", false)
	} else {
		var ls []string
		for _, s := range stances {
			head := fmt.Sprintf("%s %s", stanceText(s.Stance), s.Strategy.Name)
			if !s.Stance.SourceTime.IsZero() {
				head += " (on the board since " + utcDay(s.Stance.SourceTime) + ")"
			}
			ls = append(ls, lines(head, indent(s.Stance.Summary)))
		}
		add(fmt.Sprintf("Stances (%d)", len(stances)), strings.Join(ls, "\n"), false)
	}
	add("Stance history (as recorded here)", historyText(r, cat), false)
	return card
}

// historyText lists a person's recorded stance changes, oldest first, each
// with the time this store recorded it (never a date the person took the
// stance): "Open source: mixed → endorses · recorded here on 2025-11-21".
func historyText(r PersonReport, cat *catalogSnapshot) string {
	var ls []string
	for _, c := range r.History {
		name := strategyOf(r, cat, c.StrategyID).Name
		var l string
		old, now := TentativeLabel(string(c.OldKind), c.OldTentative), TentativeLabel(string(c.NewKind), c.NewTentative)
		switch c.Kind {
		case ChangeStanceNew:
			l = fmt.Sprintf("%s: %s", name, now)
		case ChangeStanceChanged:
			switch {
			case c.OldKind != c.NewKind:
				l = fmt.Sprintf("%s: %s → %s", name, old, now)
			case c.OldTentative != c.NewTentative && c.NewTentative:
				l = fmt.Sprintf("%s: %s, now tentative", name, c.NewKind)
			case c.OldTentative != c.NewTentative:
				l = fmt.Sprintf("%s: %s, now stated (no longer tentative)", name, c.NewKind)
			default:
				l = fmt.Sprintf("%s: %s, summary updated", name, now)
			}
		case ChangeStanceRetracted:
			l = fmt.Sprintf("%s: %s, retracted by its source", name, old)
			if c.Revision != "" {
				l += " at revision " + c.Revision
			}
		default:
			continue
		}
		ls = append(ls, l+recordedHere(c.RecordedAt))
	}
	return strings.Join(ls, "\n")
}

// recordedHere says when this store recorded something: " · recorded here
// on 2025-11-21", "" when unknown.
func recordedHere(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return " · recorded here on " + utcDay(t)
}

// notesText lists the board's notes on why a person has their tiers.
func notesText(n ProfileNotes) string {
	var ls []string
	for _, x := range [][2]string{{"Expertise", n.Expertise}, {"Recognition", n.Recognition}, {"Vintage", n.Vintage}} {
		if x[1] != "" {
			ls = append(ls, x[0]+": "+x[1])
		}
	}
	return strings.Join(ls, "\n")
}

// timelinesText lists timeline forecasts: "AGI: 2030–2040, 50% — 2024, Talk".
func timelinesText(ts []TimelineClaim) string {
	var ls []string
	for _, c := range ts {
		when := "year not stated"
		switch {
		case c.Year != 0:
			when = fmt.Sprint(c.Year)
		case c.RangeFrom != 0 || c.RangeTo != 0:
			when = fmt.Sprintf("%d–%d", c.RangeFrom, c.RangeTo)
		}
		l := c.Milestone + ": " + when
		if c.Probability != 0 {
			l += ", " + percent(c.Probability)
		}
		ls = append(ls, l+citation(c.Date, c.Source))
	}
	return strings.Join(ls, "\n")
}

// affiliationsText lists affiliations: "Meta, Chief AI Scientist (2013–, current)".
func affiliationsText(as []Affiliation) string {
	var ls []string
	for _, a := range as {
		l := a.Org
		if a.Role != "" {
			l += ", " + a.Role
		}
		var span []string
		if a.Start != "" || a.End != "" {
			span = append(span, a.Start+"–"+a.End)
		}
		if a.Current {
			span = append(span, "current")
		}
		if len(span) > 0 {
			l += " (" + strings.Join(span, ", ") + ")"
		}
		ls = append(ls, l)
	}
	return strings.Join(ls, "\n")
}

// linksText lists a person's homepage, Wikipedia page and X handle.
func linksText(p Person) string {
	var ls []string
	for _, x := range [][2]string{{"Homepage", p.Homepage}, {"Wikipedia", p.Wikipedia}, {"X", p.Twitter}} {
		if x[1] != "" {
			ls = append(ls, x[0]+": "+x[1])
		}
	}
	return strings.Join(ls, "\n")
}

// citation is " — date, type, title, publisher, url" of what is known, ""
// when nothing is.
func citation(d Date, src Source) string {
	var cite []string
	if !d.IsZero() {
		cite = append(cite, d.String())
	}
	for _, x := range []string{src.Type, src.Title, src.Publisher, src.Date.String(), src.URL} {
		if x != "" {
			cite = append(cite, x)
		}
	}
	if len(cite) == 0 {
		return ""
	}
	return " — " + strings.Join(cite, ", ")
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
// order (the board counts the first): "10–20% (extinction by 2100) —
// 2023, interview, Title, Publisher".
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
		ls[i] = v + citation(c.Date, c.Source)
	}
	return strings.Join(ls, "\n")
}

// communityLine is an audit entry as a person card lists it: "2026-12-03:
// quote q1 recorded from proposal #1 (approved by a moderator on
// Discord)"; "" for what is not on record (pending and refused proposals).
// Who did it is said in words (Actor.Who), not by platform id.
func communityLine(e AuditEntry) string {
	day := utcDay(e.At) + ": "
	var l string
	switch e.Action {
	case AuditApproved:
		l = fmt.Sprintf("quote %s recorded from proposal #%d (approved by %s)", e.QuoteID, e.ProposalID, e.By.Who(roleModerator))
	case AuditDisputed:
		l = fmt.Sprintf("quote %s disputed by %s (dispute #%d): %s", e.QuoteID, e.By.Who(roleAnyone), e.DisputeID, OneLine(e.Reason))
	case AuditResolved:
		l = fmt.Sprintf("dispute #%d of quote %s resolved by %s: %s", e.DisputeID, e.QuoteID, e.By.Who(roleModerator), OneLine(e.Reason))
		if e.Changed != "" {
			l += "\n  " + strings.ReplaceAll(e.Changed, "\n", "\n  ")
		}
	default:
		return ""
	}
	return day + l
}

// addCommunityRecord adds to a person card what this community recorded
// about the person's positions, oldest first, as the audit log keeps it:
// approvals, disputes and their resolutions (corrections among them).
func (b *Bot) addCommunityRecord(ctx context.Context, card *Card, personID string) error {
	if b.opts.Community == nil {
		return nil
	}
	entries, err := b.opts.Community.PersonAudit(ctx, personID)
	if err != nil {
		return fmt.Errorf("person %s: %w", personID, err)
	}
	var ls []string
	for _, e := range entries {
		if l := communityLine(e); l != "" {
			ls = append(ls, l)
		}
	}
	if len(ls) > 0 {
		card.Fields = append(card.Fields, Field{Name: "Community record (audit log)", Value: strings.Join(ls, "\n")})
	}
	return nil
}
