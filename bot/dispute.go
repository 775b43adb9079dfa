package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// optAs is /resolve's resolution option.
const optAs = "as"

func (b *Bot) disputeCommand() Command {
	return Command{
		Name:        "dispute",
		Description: "Dispute a quote on record, saying why: moderators review it",
		Options: []Option{
			{Name: "quote", Description: "The quote's id (the Dispute button on its card gives it)", Required: true, Positional: true, MaxLength: 40},
			{Name: optReason, Description: "Why the quote is wrong: what the source shows", Positional: true, Rest: true},
		},
		Examples: []string{"/dispute q0123456789abcdef the talk says the opposite at 12:30"},
		Run:      b.runDispute,
	}
}

// disputeLine is the command of a quote card's Dispute button.
func disputeLine(quoteID string) string { return "/dispute " + quoteID }

func (b *Bot) runDispute(ctx context.Context, req Request) (Reply, error) {
	c, err := b.community()
	if err != nil {
		return Reply{}, err
	}
	id := strings.TrimSpace(req.Option("quote"))
	views, err := b.opts.Store.QuoteViews(ctx, []string{id})
	if err != nil {
		return Reply{}, fmt.Errorf("dispute: %w", err)
	}
	if len(views) == 0 {
		return Reply{}, Errorf(ENOTFOUND, "No quote with id %q.", Echo(id, 40))
	}
	if strings.TrimSpace(req.Option(optReason)) == "" && req.FormFields == 0 {
		// A Dispute button where there are no forms: how to say why.
		return Reply{Visibility: Ephemeral, Cards: []Card{{
			Title:  "Say what is wrong with this quote: " + disputeLine(id) + " <reason>",
			Quotes: []QuoteBlock{QuoteViewBlock(views[0])},
		}}}, nil
	}
	reason, ask := reasonOf(req, disputeLine(id), "Dispute this quote", "What is wrong with it")
	if ask != nil {
		return *ask, nil
	}
	if err := b.checkDailyLimit(ctx, actorOf(req), c.DisputesSince, "disputed %d quotes"); err != nil {
		return Reply{}, err
	}
	d, err := c.OpenDispute(ctx, Dispute{QuoteID: id, Reason: reason, By: actorOf(req), ChannelID: req.ChannelID})
	if err != nil {
		return Reply{}, fmt.Errorf("dispute: %w", err)
	}
	if views, err = b.opts.Store.QuoteViews(ctx, []string{id}); err != nil || len(views) == 0 {
		return Reply{}, fmt.Errorf("dispute: %w", err)
	}
	return Reply{Visibility: Ephemeral, Cards: []Card{{
		Title:  fmt.Sprintf("Dispute #%d: the quote is marked disputed, under review", d.ID),
		Quotes: []QuoteBlock{QuoteViewBlock(views[0])},
		Footer: "The moderators will look at it; you will be told the outcome.",
	}}}, nil
}

// correctionSpecs are the fields of a correction, the reason first, then
// the most often wrong; a form shows as many as fit, the others keep the
// quote's values.
func correctionSpecs() []fieldSpec {
	specs := map[string]fieldSpec{}
	for _, s := range proposalSpecs() {
		s.required = false // a correction changes only what it gives
		specs[s.name] = s
	}
	out := []fieldSpec{reasonSpec("What the source shows")}
	for _, name := range []string{fieldText, fieldFidelity, fieldURL, fieldTitle, fieldDate, fieldPublisher, fieldType, fieldContext} {
		out = append(out, specs[name])
	}
	return out
}

func (b *Bot) resolveCommand() Command {
	as := make([]string, len(DisputeResolutions))
	for i, s := range DisputeResolutions {
		as[i] = string(s)
	}
	opts := []Option{
		{Name: "dispute", Description: "The dispute's number", Required: true, Positional: true, Integer: true, Placeholder: "N", MaxLength: 12},
		{Name: optAs, Description: "verified, corrected, misattributed or dismissed", Required: true, Choices: as, MaxLength: 20},
	}
	for _, s := range correctionSpecs() {
		o := Option{Name: s.name, Description: s.desc}
		if s.name == optReason {
			o.Description, o.Positional, o.Rest = "Why: what the source shows", true, true
		}
		opts = append(opts, o)
	}
	return Command{
		Name:        "resolve",
		Description: "Moderators: resolve a dispute as verified, corrected, misattributed or dismissed",
		Options:     opts,
		Examples: []string{"/resolve 2 as:verified the recording says exactly this",
			`/resolve 3 as:corrected text:"Open research is how we make AI safer." the transcript's wording`},
		ManageOnly: true,
		Run:        b.runResolve,
	}
}

// resolveLine is the command of a dispute's resolution button.
func resolveLine(id int64, s DisputeStatus) string { return fmt.Sprintf("/resolve %d as:%s", id, s) }

// resolutionLabel is a resolution's button label.
func resolutionLabel(s DisputeStatus) string {
	switch s {
	case DisputeCorrected:
		return "Correct"
	case DisputeDismissed:
		return "Dismiss"
	}
	return capitalize(string(s))
}

func (b *Bot) runResolve(ctx context.Context, req Request) (Reply, error) {
	c, err := b.community()
	if err != nil {
		return Reply{}, err
	}
	id, err := strconv.ParseInt(req.Option("dispute"), 10, 64)
	if err != nil || id < 1 {
		return Reply{}, Errorf(EINVALID, "Give the dispute's number (/review lists them).")
	}
	d, err := c.Dispute(ctx, id)
	if err != nil {
		return Reply{}, fmt.Errorf("resolve: %w", err)
	}
	if d.Status != DisputeOpen {
		return Reply{}, Errorf(EINVALID, "Dispute #%d was already resolved (%s) by %s.", id, d.Status, d.ResolvedBy)
	}
	status := DisputeStatus(req.Option(optAs))
	views, err := b.opts.Store.QuoteViews(ctx, []string{d.QuoteID})
	if err != nil {
		return Reply{}, fmt.Errorf("resolve: %w", err)
	}
	if len(views) == 0 {
		return Reply{}, Errorf(ENOTFOUND, "The disputed quote %q is no longer on record.", d.QuoteID)
	}
	old := views[0].Quote
	command, title := resolveLine(id, status), fmt.Sprintf("Resolve dispute #%d: %s", id, status)
	var corrected *Quote
	if status == DisputeCorrected {
		specs := correctionSpecs()
		if strings.TrimSpace(req.Option(optReason)) == "" && req.FormFields > 0 {
			// Only the fields that fit one form can be corrected there.
			return Reply{Visibility: Ephemeral, Form: form(command, title, specs[:min(len(specs), req.FormFields)], quoteValues(old))}, nil
		}
		q, errs := correct(old, req, specs, b.opts.Now())
		if len(errs) > 0 {
			return invalidReply(errs, specs, nil), nil
		}
		corrected = &q
	}
	reason, ask := reasonOf(req, command, title, "Why: what the source shows")
	if ask != nil {
		return *ask, nil
	}
	me := actorOf(req)
	if d, err = c.ResolveDispute(ctx, id, status, me, reason, corrected); err != nil {
		return Reply{}, fmt.Errorf("resolve: %w", err)
	}
	b.syncIndex(ctx)
	shown := d.QuoteID
	if d.NewQuoteID != "" {
		shown = d.NewQuoteID
	}
	if views, err = b.opts.Store.QuoteViews(ctx, []string{shown}); err != nil {
		return Reply{}, fmt.Errorf("resolve: %w", err)
	}
	card := Card{Title: fmt.Sprintf("Dispute #%d resolved: %s", id, status), Footer: "Kept in the audit log with the reason: " + reason}
	for _, v := range views {
		card.Quotes = append(card.Quotes, QuoteViewBlock(v))
	}
	reply := Reply{Visibility: Ephemeral, Cards: []Card{card}}
	reply.Notices = notice(req, d.By, d.ChannelID, fmt.Sprintf("Your dispute #%d was resolved (%s): %s", id, status, reason))
	return reply, nil
}

// quoteValues are a quote's fields as a correction form pre-fills them.
func quoteValues(q Quote) ProposalValues {
	return ProposalValues{Text: q.Text, Fidelity: string(q.Fidelity), URL: q.Source.URL, SourceType: q.Source.Type,
		Title: q.Source.Title, Publisher: q.Source.Publisher, Date: q.Source.Date.String(), Context: q.Context}
}

// correct is old with the corrections req gives, and what is wrong with
// them; a correction that changes nothing is wrong too.
func correct(old Quote, req Request, specs []fieldSpec, now time.Time) (Quote, []FieldError) {
	v := quoteValues(old)
	var errs []FieldError
	for _, s := range specs[1:] {
		value := req.Option(s.name)
		if value == "" {
			continue
		}
		if msg := checkField(s, value, nil, now, nil); msg != "" {
			errs = append(errs, FieldError{Field: s.name, Message: msg})
		}
		v.Set(s.name, value)
	}
	if len(errs) > 0 {
		return Quote{}, errs
	}
	q := old
	q.Text = strings.TrimSpace(v.Text)
	q.ID = QuoteID(q.PersonID, q.StrategyID, q.Text)
	q.Fidelity, _ = ParseFidelity(v.Fidelity)
	q.Context = strings.TrimSpace(v.Context)
	q.Source.URL, q.Source.Type = strings.TrimSpace(v.URL), strings.TrimSpace(v.SourceType)
	q.Source.Title, q.Source.Publisher = OneLine(v.Title), OneLine(v.Publisher)
	q.Source.Date, _ = ParseDate(strings.TrimSpace(v.Date))
	q.Dispute, q.Verification, q.Verdict, q.RecordedAt = nil, VerificationUnverified, Verdict{}, time.Time{}
	if q.ID == old.ID && q.Fidelity == old.Fidelity && q.Context == old.Context && q.Source == old.Source {
		return Quote{}, []FieldError{{Field: fieldText, Message: "Nothing corrected: give the new text or source."}}
	}
	return q, nil
}

// disputeCard shows an open dispute: the quote, why, by whom and when.
func (b *Bot) disputeCard(ctx context.Context, d Dispute) (Card, error) {
	views, err := b.opts.Store.QuoteViews(ctx, []string{d.QuoteID})
	if err != nil {
		return Card{}, fmt.Errorf("dispute %d: %w", d.ID, err)
	}
	card := Card{Title: fmt.Sprintf("Dispute #%d", d.ID),
		Fields: []Field{{Name: "Why", Value: d.Reason}},
		Footer: "Disputed by " + d.By.String() + " on " + d.OpenedAt.UTC().Format(time.DateOnly)}
	for _, v := range views {
		card.Quotes = append(card.Quotes, QuoteViewBlock(v))
	}
	return card, nil
}

// withDisputes adds a Dispute button for every quote card of a public
// reply, when the bot records disputes and the command fits room.
func (b *Bot) withDisputes(r Reply, room int) Reply {
	if b.opts.Community == nil || r.Visibility != Public || r.Error != "" {
		return r
	}
	seen, labels := map[string]bool{}, map[string]int{}
	for _, c := range r.Cards {
		for _, qb := range c.Quotes {
			cmd := disputeLine(qb.QuoteID)
			if qb.QuoteID == "" || seen[qb.QuoteID] || !fits(cmd, room) {
				continue
			}
			seen[qb.QuoteID] = true
			label := disputeLabel(qb)
			if labels[label]++; labels[label] > 1 { // two of one speaker's quotes from alike sources
				label += fmt.Sprintf(" (%d)", labels[label])
			}
			r.Actions = append(r.Actions, Action{Label: label, Command: cmd})
		}
	}
	return r
}

// disputeLabel names the quote a Dispute button disputes by its speaker
// and its source's date and type ("Dispute Andrew Ng's 2023 tweet"), so
// that the buttons under one speaker's quotes tell them apart.
func disputeLabel(qb QuoteBlock) string {
	what := strings.TrimSpace(qb.Source.Date.String() + " " + qb.Source.Type)
	if what == "" {
		what = "quote"
	}
	return "Dispute " + Clip(qb.Speaker, 40) + "'s " + Clip(what, 30)
}

// AuditLine is one audit entry on one line: "2026-11-22 09:00 · discord:u1
// · proposal-submitted · proposal #3 · ...".
func AuditLine(e AuditEntry) string {
	parts := []string{e.At.UTC().Format("2006-01-02 15:04:05"), e.By.String(), string(e.Action)}
	if e.ProposalID != 0 {
		parts = append(parts, fmt.Sprintf("proposal #%d", e.ProposalID))
	}
	if e.DisputeID != 0 {
		parts = append(parts, fmt.Sprintf("dispute #%d", e.DisputeID))
	}
	if e.QuoteID != "" {
		parts = append(parts, "quote "+e.QuoteID)
	}
	if e.PersonID != "" {
		parts = append(parts, "person "+e.PersonID)
	}
	if e.Changed != "" {
		parts = append(parts, strings.ReplaceAll(e.Changed, "\n", "; "))
	}
	if e.Reason != "" {
		parts = append(parts, "why: "+OneLine(e.Reason))
	}
	return strings.Join(parts, " · ")
}
