package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// optAs is /resolve's resolution option.
const optAs = "as"

func (b *Bot) disputeCommand() Command {
	return Command{
		Name:        "dispute",
		Description: "Dispute a quote on record, saying why: moderators review it",
		Help: strings.TrimSpace("Every public quote card has a Dispute button that gives the quote's id. The reason is needed " +
			"(on Discord and Slack a form asks for it): say what the source shows. The quote's card then says " +
			"\"Disputed, under review\" until a moderator resolves it (/resolve), and you are told how. A quote " +
			"under review cannot be disputed again. " + b.disputeLimit()),
		Options: []Option{
			{Name: "quote", Description: "The quote's id (the Dispute button on its card gives it)", Required: true, Positional: true, MaxLength: 40},
			{Name: optReason, Description: "Why the quote is wrong: what the source shows", Positional: true, Rest: true, Needed: true},
		},
		Examples: []string{"/dispute q0123456789abcdef the talk says the opposite at 12:30"},
		Run:      b.runDispute,
	}
}

// disputeLimit says how many quotes a user may dispute a day.
func (b *Bot) disputeLimit() string {
	if n := b.proposalsPerDay(); n > 0 {
		return "You may dispute " + plural(n, "quote", "quotes") + " in 24 hours."
	}
	return ""
}

// disputeLine is the command of a quote card's Dispute button.
func disputeLine(quoteID string) string { return "/dispute " + quoteID }

func (b *Bot) runDispute(ctx context.Context, req Request) (Reply, error) {
	c := b.opts.Community // registered only on a bot with one
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
	if views, err = b.opts.Store.QuoteViews(ctx, []string{id}); err != nil {
		return Reply{}, fmt.Errorf("dispute: %w", err)
	}
	if len(views) == 0 { // retracted by an import since it was read above
		return Reply{}, Errorf(ENOTFOUND, "Dispute #%d is recorded, but the quote is no longer on record.", d.ID)
	}
	return Reply{Visibility: Ephemeral, Cards: []Card{{
		Title:  fmt.Sprintf("Dispute #%d: the quote is marked disputed, under review", d.ID),
		Quotes: []QuoteBlock{QuoteViewBlock(views[0])},
		Footer: "The moderators will look at it; you will be told the outcome.",
	}}}, nil
}

// correctionSpecs are the fields of a correction: the quote's, the most
// often wrong first, then why. Forms in turn hold them all; a field a
// correction leaves as it was keeps the quote's value.
func correctionSpecs() []fieldSpec {
	specs := map[string]fieldSpec{}
	for _, s := range proposalSpecs() {
		s.required = false // a correction changes only what it gives
		specs[s.name] = s
	}
	var out []fieldSpec
	for _, name := range []string{fieldText, fieldFidelity, fieldURL, fieldTitle, fieldDate, fieldPublisher, fieldType, fieldContext} {
		out = append(out, specs[name])
	}
	return append(out, reasonSpec(resolveReason))
}

// resolveReason is the label of a resolution's reason.
const resolveReason = "Why: what the source shows"

func (b *Bot) resolveCommand() Command {
	as := make([]string, len(DisputeResolutions))
	for i, s := range DisputeResolutions {
		as[i] = string(s)
	}
	opts := []Option{
		{Name: "dispute", Description: "The dispute's number", Required: true, Positional: true, Integer: true, Placeholder: "N", MaxLength: 12},
		{Name: optAs, Description: "verified, corrected, misattributed or dismissed", Required: true, Choices: as, MaxLength: 20},
		{Name: optReason, Description: resolveReason, Positional: true, Rest: true, Needed: true},
	}
	for _, s := range correctionSpecs() {
		if s.name != optReason {
			opts = append(opts, Option{Name: s.name, Description: "Corrected: " + s.desc, FieldError: true})
		}
	}
	return Command{
		Name:        "resolve",
		Description: "Moderators: resolve a dispute as verified, corrected, misattributed or dismissed",
		Help: "The reason is needed, and the disputer is told it. verified marks the quote verified; " +
			"misattributed marks it as not said by the person; dismissed leaves it as it was. corrected " +
			"records a new version: give the fields to change (text:, fidelity:, url:, title:, date:, " +
			"publisher:, type:, context:), the others keep the quote's values; on Discord and Slack its forms " +
			"come in turn, pre-filled with the quote, the reason last. The old version is kept, retracted, in " +
			"the history, and the audit log says what changed.",
		Options: append(opts, stepOptions(false)...),
		Examples: []string{"/resolve 2 as:verified the recording says exactly this",
			`/resolve 3 as:corrected text:"Open research is how we make AI safer." date:2024-05 the transcript's wording`},
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
	c := b.opts.Community // registered only on a bot with one
	id, err := strconv.ParseInt(req.Option("dispute"), 10, 64)
	if err != nil || id < 1 {
		return Reply{}, Errorf(EINVALID, "Give the dispute's number (/review lists them).")
	}
	d, err := c.Dispute(ctx, id)
	if err != nil {
		return Reply{}, fmt.Errorf("resolve: %w", err)
	}
	if d.Status != DisputeOpen {
		return Reply{}, Errorf(EINVALID, "Dispute #%d was already resolved (%s) by %s.", id, d.Status, d.ResolvedBy.Who(roleModerator))
	}
	status := DisputeStatus(req.Option(optAs))
	views, err := b.opts.Store.QuoteViews(ctx, []string{d.QuoteID})
	if err != nil {
		return Reply{}, fmt.Errorf("resolve: %w", err)
	}
	if len(views) == 0 && status != DisputeDismissed {
		return Reply{}, Errorf(EINVALID, "The disputed quote %s is no longer on record (retracted since it was disputed): "+
			"dismiss the dispute with %s <reason>.", d.QuoteID, resolveLine(id, DisputeDismissed))
	}
	if status == DisputeCorrected {
		return b.runCorrection(ctx, c, req, d, views[0].Quote)
	}
	reason, ask := reasonOf(req, resolveLine(id, status), fmt.Sprintf("Resolve dispute #%d: %s", id, status), resolveReason)
	if ask != nil {
		return *ask, nil
	}
	return b.resolve(ctx, c, req, d, status, reason, nil)
}

// resolve records a dispute's resolution and answers with the quote as it
// now is; the disputer is told.
func (b *Bot) resolve(ctx context.Context, c Community, req Request, d Dispute, status DisputeStatus, reason string, corrected *Quote) (Reply, error) {
	d, err := c.ResolveDispute(ctx, d.ID, status, actorOf(req), reason, corrected)
	if err != nil {
		return Reply{}, fmt.Errorf("resolve: %w", err)
	}
	b.syncIndex(ctx)
	shown := d.QuoteID
	if d.NewQuoteID != "" {
		shown = d.NewQuoteID
	}
	views, err := b.opts.Store.QuoteViews(ctx, []string{shown})
	if err != nil {
		return Reply{}, fmt.Errorf("resolve: %w", err)
	}
	card := Card{Title: fmt.Sprintf("Dispute #%d resolved: %s", d.ID, status), Footer: "Kept in the audit log with the reason: " + reason}
	yours := fmt.Sprintf("Your dispute #%d", d.ID)
	for _, v := range views {
		qb := QuoteViewBlock(v)
		card.Quotes = append(card.Quotes, qb)
		yours = fmt.Sprintf("Your dispute #%d of %s's quote on %s", d.ID, qb.Speaker, qb.Strategy)
	}
	reply := Reply{Visibility: Ephemeral, Cards: []Card{card}}
	reply.Notices = notice(req, d.By, d.ChannelID, fmt.Sprintf("%s was resolved (%s): %s", yours, status, reason))
	return reply, nil
}

// runCorrection answers /resolve N as:corrected: without forms, the
// corrected fields as options; with forms, the quote's fields and the
// reason pre-filled in forms in turn (as many as the platform needs),
// what earlier forms gave kept between them (Bot.held), each one
// checked as it comes; the last one records the correction.
func (b *Bot) runCorrection(ctx context.Context, c Community, req Request, d Dispute, old Quote) (Reply, error) {
	specs := correctionSpecs()
	forms := proposalForms(specs, req.FormFields)
	st, err := parseSteps(req, len(forms))
	if err != nil {
		return Reply{}, err
	}
	key, now := formKey{by: actorOf(req), of: resolveLine(d.ID, DisputeCorrected)}, b.opts.Now()
	stepLine := func(option string, k int) string {
		return fmt.Sprintf("%s %s:%d", resolveLine(d.ID, DisputeCorrected), option, k)
	}
	title := fmt.Sprintf("Correct dispute #%d", d.ID)
	v, kept := b.held.get(key, now, b.opts.DraftLifetime)
	if !kept {
		v = quoteValues(old)
	}
	switch {
	case st.open > 0:
		return Reply{Visibility: Ephemeral, Form: correctionForm(stepLine(optSubmit, st.open), title, forms, st.open, v)}, nil
	case st.submit > 1 && !kept:
		// The earlier forms' values are gone: keep this one's, start again.
		setCorrectionValues(&v, forms[st.submit-1], req)
		b.held.put(key, v, now)
		return Reply{Visibility: Ephemeral, Cards: []Card{{
			Title: fmt.Sprintf("The earlier forms of this correction of dispute #%d are no longer kept", d.ID),
			Text:  "They were given before the bot restarted, or by another moderator. What you just gave is kept: continue from the first form.",
		}}, Actions: continueAction(stepLine(optOpen, 1), 1, len(forms), req.ActionRoom)}, nil
	case st.submit > 0:
		setCorrectionValues(&v, forms[st.submit-1], req)
	default:
		v = quoteValues(old) // a command starts the correction anew
		setOptionValues(&v, specs, req)
		if len(forms) > 0 && strings.TrimSpace(req.Option(optReason)) == "" {
			b.held.put(key, v, now)
			return Reply{Visibility: Ephemeral, Form: correctionForm(stepLine(optSubmit, 1), title, forms, 1, v)}, nil
		}
	}
	fix := func(string) []Action { return nil } // the Fix button of a refused form: none without forms
	if len(forms) > 0 {
		b.held.put(key, v, now)
		fix = func(field string) []Action { return fixAction(stepLine(optOpen, formOf(forms, field)), req.ActionRoom) }
	}
	if st.submit > 0 && st.submit < len(forms) {
		if errs := checkCorrection(old, v, forms[st.submit-1], now, req.tooLong); len(errs) > 0 {
			return invalidReply(errs, specs, fix(errs[0].Field)), nil
		}
		return Reply{Visibility: Ephemeral, Cards: []Card{{
			Title: fmt.Sprintf("Correction of dispute #%d: form %d of %d kept", d.ID, st.submit, len(forms)),
			Text:  "Continue with the next form; the last one records the correction.",
		}}, Actions: continueAction(stepLine(optOpen, st.submit+1), st.submit+1, len(forms), req.ActionRoom)}, nil
	}
	reason := strings.TrimSpace(req.Option(optReason))
	q, errs := correct(old, v, specs, now, req.tooLong)
	if msg := checkField(specs[len(specs)-1], reason, nil, now, nil); msg != "" {
		errs = append(errs, FieldError{Field: optReason, Message: msg})
	}
	if len(errs) > 0 {
		return invalidReply(errs, specs, fix(errs[0].Field)), nil
	}
	reply, err := b.resolve(ctx, c, req, d, DisputeCorrected, OneLine(reason), &q)
	if err == nil {
		b.held.drop(key)
	}
	return reply, err
}

// correctionForm is form k of a correction (stepForm): a value too long
// to pre-fill is kept when its field is left empty, as its placeholder
// says.
func correctionForm(command, title string, forms [][]fieldSpec, k int, v ProposalValues) *Form {
	f := stepForm(command, title, forms, k, v)
	for i, ff := range f.Fields {
		if n := utf8.RuneCountInString(v.Get(ff.Name)); ff.Value == "" && n > ff.MaxLength {
			f.Fields[i].Placeholder = fmt.Sprintf("Too long to show here (%d characters): leave it empty to keep it", n)
		}
	}
	return f
}

// setCorrectionValues sets the values of a submitted correction form
// (setFormValues), but a field left empty whose value was too long to
// pre-fill keeps it.
func setCorrectionValues(v *ProposalValues, fields []fieldSpec, req Request) {
	for _, s := range fields {
		x := req.Option(s.name)
		if x == "" && req.TooLong(s.name) == "" && utf8.RuneCountInString(v.Get(s.name)) > s.max {
			continue
		}
		v.Set(s.name, x)
	}
}

// quoteValues are a quote's fields as a correction form pre-fills them.
func quoteValues(q Quote) ProposalValues {
	return ProposalValues{Text: q.Text, Fidelity: string(q.Fidelity), URL: q.Source.URL, SourceType: q.Source.Type,
		Title: q.Source.Title, Publisher: q.Source.Publisher, Date: q.Source.Date.String(), Context: q.Context}
}

// setQuoteValues sets a quote's text, fidelity, context and source to
// checked values as a quote records them (the inverse of quoteValues), and
// its id to the one its person, strategy and new text make.
func setQuoteValues(q *Quote, v ProposalValues) {
	q.Text = strings.TrimSpace(v.Text)
	q.ID = QuoteID(q.PersonID, q.StrategyID, q.Text)
	q.Fidelity, _ = ParseFidelity(v.Fidelity)
	q.Context = strings.TrimSpace(v.Context)
	q.Source.URL, q.Source.Type = strings.TrimSpace(v.URL), strings.TrimSpace(v.SourceType)
	q.Source.Title, q.Source.Publisher = OneLine(v.Title), OneLine(v.Publisher)
	q.Source.Date, _ = ParseDate(strings.TrimSpace(v.Date))
}

// checkCorrection says what is wrong with the fields of specs that v
// changes from old: each checked as a proposal's (a field left as it was
// is not: a quote on record may hold what a proposal may not), and a
// field a proposal needs may not be emptied. tooLong is Request.tooLong.
func checkCorrection(old Quote, v ProposalValues, specs []fieldSpec, now time.Time, tooLong map[string]string) []FieldError {
	was := quoteValues(old)
	needed := map[string]bool{}
	for _, s := range proposalSpecs() {
		needed[s.name] = s.required
	}
	var errs []FieldError
	for _, s := range specs {
		if s.name == optReason {
			continue
		}
		value := strings.TrimSpace(v.Get(s.name))
		msg := tooLong[s.name]
		switch {
		case msg != "":
		case value == strings.TrimSpace(was.Get(s.name)):
		case value == "" && needed[s.name]:
			msg = "Needed: a correction cannot leave it empty."
		default:
			msg = checkField(s, value, nil, now, nil)
		}
		if msg != "" {
			errs = append(errs, FieldError{Field: s.name, Message: msg})
		}
	}
	return errs
}

// correct is old with v's values, and what is wrong with them
// (checkCorrection); a correction that changes nothing is wrong too.
func correct(old Quote, v ProposalValues, specs []fieldSpec, now time.Time, tooLong map[string]string) (Quote, []FieldError) {
	if errs := checkCorrection(old, v, specs, now, tooLong); len(errs) > 0 {
		return Quote{}, errs
	}
	q := old
	setQuoteValues(&q, v)
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
		Footer: "Disputed on " + utcDay(d.OpenedAt) + " by " + d.By.Who(roleAnyone)}
	for _, v := range views {
		card.Quotes = append(card.Quotes, QuoteViewBlock(v))
	}
	if len(views) == 0 {
		card.Fields = append(card.Fields, Field{Name: "Quote " + d.QuoteID,
			Value: "No longer on record (retracted since it was disputed): only dismissing the dispute is left."})
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
