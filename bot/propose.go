package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The options that carry a proposal through its forms: the draft it
// fills in, the form a button opens and the form whose values a
// submission brings (1 is the first).
const (
	optDraft  = "draft"
	optOpen   = "open"
	optSubmit = "submit"
)

// DefaultProposalsPerDay is how many proposals one user may submit in a
// day when Options.ProposalsPerDay is 0.
const DefaultProposalsPerDay = 10

// DefaultDraftLifetime is how long a draft waits to be submitted when
// Options.DraftLifetime is 0: a week.
const DefaultDraftLifetime = 7 * 24 * time.Hour

// stepOptions are the options of a command whose values come through
// forms; the platform's forms and buttons fill them in.
func stepOptions(withDraft bool) []Option {
	var out []Option
	if withDraft {
		out = append(out, Option{Name: optDraft, Description: "Your draft's number (set by the form's buttons)",
			Integer: true, Placeholder: "N", MaxLength: 12, Hidden: true})
	}
	return append(out,
		Option{Name: optOpen, Description: "Opens this form of several (set by the Continue button)", Integer: true, Placeholder: "N", MaxLength: 2, Hidden: true},
		Option{Name: optSubmit, Description: "The form whose values this brings (set by the form)", Integer: true, Placeholder: "N", MaxLength: 2, Hidden: true})
}

// fieldOptions are the options of a proposal's fields: /propose's, with
// the words as the rest of the line, or an edit's. None is Required: a
// missing field is answered with a form, or with its field's error.
func fieldOptions(specs []fieldSpec, propose bool) []Option {
	var out []Option
	for _, s := range specs {
		// A needed field is checked by the command, field by field, not
		// by the registry.
		o := Option{Name: s.name, Description: s.desc, FieldError: true, Needed: propose && s.required}
		switch s.name {
		case fieldPerson:
			o.Autocomplete = CompletePerson
		case fieldStrategy:
			o.Autocomplete = CompleteStrategy
		case fieldText:
			o.Positional, o.Rest = propose, propose
		}
		out = append(out, o)
	}
	return out
}

func (b *Bot) proposeCommand() Command {
	return Command{
		Name:        "propose",
		Description: "Propose a position someone took, with its source, for the moderators to review",
		Help:        b.proposeHelp(),
		Options:     append(fieldOptions(proposalSpecs(), true), stepOptions(true)...),
		Examples: []string{
			`/propose person:"Yann LeCun" strategy:open-source stance:endorses fidelity:"direct quote" url:https://example.org/talk date:2025-03 Open weights make AI safer.`,
		},
		Run: b.runPropose,
	}
}

// proposeHelp is /help propose's account of how a proposal goes.
func (b *Bot) proposeHelp() string {
	limit := ""
	if n := b.proposalsPerDay(); n > 0 {
		limit = " You may submit " + plural(n, "proposal", "proposals") + " in 24 hours."
	}
	return "Needed: who said it (a person on record, or a new name), the strategy, their stance, the words, " +
		"how faithful they are to what was said (direct quote, faithful paraphrase, loose paraphrase, summary) " +
		"and the source link (http or https). The source's title, publisher, date (YYYY, YYYY-MM or YYYY-MM-DD, " +
		"not in the future), type and a context note are optional.\n" +
		"On Discord and Slack, /propose opens a form pre-filled with what you gave; where one form cannot hold " +
		"every field, the forms come in turn with a Continue button (and Submit now once every needed field is " +
		"filled in), and a draft keeps what you typed for " + lifetimeText(b.opts.DraftLifetime) + ". " +
		"The message action \"Propose as a position\" fills in the words and the link from a message. " +
		"Elsewhere give every field as an option, the words last.\n" +
		"Each wrong field is named with what is wrong, and nothing is queued until all are right. A position " +
		"already on record (the same words, or nearly, of the same person) is answered with its quote. " +
		"Moderators then approve or reject it (/review), and you are told." + limit
}

// steps are the step options of a request.
type steps struct {
	draft        int64
	open, submit int
}

// parseSteps reads the step options; a form number must be one of forms.
func parseSteps(req Request, forms int) (steps, error) {
	var st steps
	if s := req.Option(optDraft); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			return st, Errorf(EINVALID, "Option draft: must be a draft's number.")
		}
		st.draft = n
	}
	for _, x := range []struct {
		name string
		dst  *int
	}{{optOpen, &st.open}, {optSubmit, &st.submit}} {
		s := req.Option(x.name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > forms {
			return st, Errorf(EINVALID, "Option %s: there is no form %q here.", x.name, Echo(s, 4))
		}
		*x.dst = n
	}
	return st, nil
}

// proposeLine is the command line of a proposal's form or button.
func proposeLine(draft int64, option string, form int) string {
	s := "/propose"
	if draft != 0 {
		s += fmt.Sprintf(" draft:%d", draft)
	}
	return fmt.Sprintf("%s %s:%d", s, option, form)
}

// runPropose answers /propose: on a platform without forms, every field
// given as an option; on one with forms, the forms in turn (several when
// the fields do not fit one), the values kept in a draft between them.
// A complete, valid proposal that is not already on record is queued for
// review.
func (b *Bot) runPropose(ctx context.Context, req Request) (Reply, error) {
	c := b.opts.Community // registered only on a bot with one
	cat, err := b.currentCatalog(ctx)
	if err != nil {
		return Reply{}, err
	}
	specs := proposalSpecs()
	forms := proposalForms(specs, req.FormFields)
	st, err := parseSteps(req, len(forms))
	if err != nil {
		return Reply{}, err
	}
	if err := b.expireDrafts(ctx, c); err != nil {
		return Reply{}, err
	}
	me := actorOf(req)
	p := Proposal{Status: ProposalDraft, By: me, ChannelID: req.ChannelID}
	if st.draft != 0 {
		if p, err = b.ownDraft(ctx, c, st.draft, me); err != nil {
			return Reply{}, err
		}
	} else if err := b.checkProposalLimit(ctx, c, me); err != nil {
		return Reply{}, err
	}
	if p.Status == ProposalExpired {
		return b.renewDraft(ctx, c, cat, p, req, forms, st.submit)
	}
	if st.open > 0 {
		return Reply{Visibility: Ephemeral, Form: proposalForm(p.ID, forms, st.open, p.Values)}, nil
	}
	now := b.opts.Now()
	if st.submit > 0 {
		setFormValues(&p.Values, forms[st.submit-1], req)
	} else {
		setOptionValues(&p.Values, specs, req)
	}
	if st.submit == 0 && len(forms) > 0 && lacksField(p.Values, specs) && allIn(req.tooLong, forms[0]) {
		// A command on a platform with forms that lacks a needed field:
		// the first form, pre-filled, saying which value was too long to
		// keep. A whole proposal, or one with a later form's value too
		// long to keep, is checked below.
		return b.firstProposalForm(ctx, c, p, forms, req.tooLong)
	}
	if st.submit > 0 && st.submit < len(forms) {
		errs, _ := checkFields(p.Values, forms[st.submit-1], cat, now, req.tooLong)
		if err := b.saveDraft(ctx, c, &p); err != nil {
			return Reply{}, err
		}
		if len(errs) > 0 {
			r := invalidReply(errs, specs, fixAction(proposeLine(p.ID, optOpen, st.submit), req.ActionRoom))
			r.Resubmit = proposeLine(p.ID, optSubmit, st.submit)
			return r, nil
		}
		return draftReply(p, st.submit, len(forms), !lacksField(p.Values, specs), req.ActionRoom), nil
	}
	errs, res := checkFields(p.Values, specs, cat, now, req.tooLong)
	if len(errs) > 0 {
		var fix []Action
		if len(forms) > 0 {
			if err := b.saveDraft(ctx, c, &p); err != nil {
				return Reply{}, err
			}
			fix = fixAction(proposeLine(p.ID, optOpen, formOf(forms, errs[0].Field)), req.ActionRoom)
		}
		r := invalidReply(errs, specs, fix)
		if len(forms) > 0 && st.submit > 0 {
			r.Resubmit = proposeLine(p.ID, optSubmit, st.submit)
		}
		return r, nil
	}
	if st.draft != 0 { // without a draft, the limit was checked above in this request
		if err := b.checkProposalLimit(ctx, c, me); err != nil {
			return b.limitReply(ctx, c, p, forms, req.ActionRoom, err)
		}
	}
	p.PersonID, p.StrategyID, p.Values = res.PersonID, res.StrategyID, canonical(p.Values)
	if dup, err := b.duplicate(ctx, p); err != nil || dup != nil {
		if err != nil {
			return Reply{}, err
		}
		return duplicateReply(*dup), nil
	}
	p.Status = ProposalPending
	if p.ID == 0 {
		if p.ID, err = c.CreateProposal(ctx, p); err != nil {
			return Reply{}, fmt.Errorf("propose: %w", err)
		}
	} else if err := c.UpdateProposal(ctx, p, me, ""); err != nil {
		return Reply{}, fmt.Errorf("propose: %w", err)
	}
	card := proposalCard(p, cat)
	card.Title = fmt.Sprintf("Proposal #%d is queued for review", p.ID)
	card.Footer = "A moderator will approve or reject it; you will be told the outcome."
	return Reply{Visibility: Ephemeral, Cards: []Card{card}}, nil
}

// ownDraft returns the draft id of me, or its expired draft; anyone
// else's, or a proposal no longer a draft, is refused.
func (b *Bot) ownDraft(ctx context.Context, c Community, id int64, me Actor) (Proposal, error) {
	p, err := c.Proposal(ctx, id)
	if ErrorCode(err) == ENOTFOUND || err == nil && p.By != me {
		return Proposal{}, Errorf(ENOTFOUND, "You have no draft #%d.", id)
	}
	if err != nil {
		return Proposal{}, fmt.Errorf("propose: %w", err)
	}
	if p.Status != ProposalDraft && p.Status != ProposalExpired {
		return Proposal{}, Errorf(EINVALID, "Proposal #%d was already submitted (%s).", id, p.Status)
	}
	return p, nil
}

// limitReply answers a whole proposal over the day's limit (err): on a
// platform with forms what was typed is kept in its draft, with the
// button that opens its last form to submit it later; without forms, err.
func (b *Bot) limitReply(ctx context.Context, c Community, p Proposal, forms [][]fieldSpec, room int, err error) (Reply, error) {
	if len(forms) == 0 || ErrorCode(err) != ERATELIMITED {
		return Reply{}, err
	}
	if err := b.saveDraft(ctx, c, &p); err != nil {
		return Reply{}, err
	}
	return Reply{Visibility: Ephemeral, Error: ERATELIMITED, Cards: []Card{{
		Title: OneLine(ErrorMessage(err)),
		Text: fmt.Sprintf("Nothing is lost: draft #%d keeps what you typed for %s; submit it later.",
			p.ID, lifetimeText(b.opts.DraftLifetime)),
	}}, Actions: continueAction(proposeLine(p.ID, optOpen, len(forms)), len(forms), len(forms), room)}, nil
}

// setFormValues sets the values of a submitted form's fields; a field
// left empty clears the value it held.
func setFormValues(v *ProposalValues, fields []fieldSpec, req Request) {
	for _, s := range fields {
		v.Set(s.name, req.Option(s.name))
	}
}

// setOptionValues sets the values of the fields given as options; a field
// not given keeps the value it held.
func setOptionValues(v *ProposalValues, fields []fieldSpec, req Request) {
	for _, s := range fields {
		if x := req.Option(s.name); x != "" {
			v.Set(s.name, x)
		}
	}
}

// expireDrafts marks expired the drafts older than Options.DraftLifetime.
func (b *Bot) expireDrafts(ctx context.Context, c Community) error {
	if _, err := c.ExpireDrafts(ctx, b.opts.Now().Add(-b.opts.DraftLifetime), BotActor, b.draftExpiry()); err != nil {
		return fmt.Errorf("propose: %w", err)
	}
	return nil
}

// draftExpiry is why a draft expired.
func (b *Bot) draftExpiry() string {
	return "not submitted within " + lifetimeText(b.opts.DraftLifetime)
}

// renewDraft answers its proposer continuing an expired draft: on a
// platform with forms, what they had typed (and the form they submit, if
// any) in a new draft, with the button that opens its first form (a form
// is never the answer to a submitted form); without forms, the values to
// give again.
func (b *Bot) renewDraft(ctx context.Context, c Community, cat *catalogSnapshot, old Proposal, req Request, forms [][]fieldSpec, submit int) (Reply, error) {
	p := Proposal{Status: ProposalDraft, Values: old.Values, By: old.By, ChannelID: req.ChannelID}
	expired := fmt.Sprintf("Draft #%d expired (%s)", old.ID, old.Reason)
	if len(forms) == 0 {
		card := proposalCard(p, cat)
		card.Title, card.Footer = expired, "What you had typed is above: give it again with /propose to submit it."
		return Reply{Visibility: Ephemeral, Cards: []Card{card}}, nil
	}
	if submit > 0 {
		setFormValues(&p.Values, forms[submit-1], req)
	}
	if err := b.saveDraft(ctx, c, &p); err != nil {
		return Reply{}, err
	}
	card := proposalCard(p, cat)
	card.Title = fmt.Sprintf("%s; what you typed is kept in draft #%d", expired, p.ID)
	card.Footer = "Continue to check the values and submit them."
	return Reply{Visibility: Ephemeral, Cards: []Card{card}, Actions: continueAction(proposeLine(p.ID, optOpen, 1), 1, len(forms), req.ActionRoom)}, nil
}

// lifetimeText says a lifetime for people: "7 days", "36 hours".
func lifetimeText(d time.Duration) string {
	day := 24 * time.Hour
	switch {
	case d == day:
		return "a day"
	case d%day == 0:
		return fmt.Sprintf("%d days", d/day)
	case d <= time.Hour:
		return "an hour"
	}
	return fmt.Sprintf("%d hours", (d+time.Hour-1)/time.Hour)
}

// proposalsPerDay is the per-user daily limit; 0 for none.
func (b *Bot) proposalsPerDay() int {
	switch n := b.opts.ProposalsPerDay; {
	case n < 0:
		return 0
	case n == 0:
		return DefaultProposalsPerDay
	default:
		return n
	}
}

// checkProposalLimit refuses a user who submitted the day's proposals.
func (b *Bot) checkProposalLimit(ctx context.Context, c Community, me Actor) error {
	return b.checkDailyLimit(ctx, me, c.ProposalsSince, "submitted %d proposals")
}

// checkDailyLimit refuses a user who did what count counts the most times
// allowed in the last 24 hours; done says what ("submitted %d proposals").
func (b *Bot) checkDailyLimit(ctx context.Context, me Actor, count func(context.Context, Actor, time.Time) (int, error), done string) error {
	limit := b.proposalsPerDay()
	if limit == 0 {
		return nil
	}
	n, err := count(ctx, me, b.opts.Now().Add(-24*time.Hour))
	if err != nil {
		return fmt.Errorf("daily limit: %w", err)
	}
	if n >= limit {
		return Errorf(ERATELIMITED, "You have "+done+" in the last 24 hours, the most allowed; please wait before doing more.", n)
	}
	return nil
}

// saveDraft saves p as a draft: a new one, or its changed values.
func (b *Bot) saveDraft(ctx context.Context, c Community, p *Proposal) error {
	if p.ID != 0 {
		if err := c.UpdateProposal(ctx, *p, p.By, ""); err != nil {
			return fmt.Errorf("save draft: %w", err)
		}
		return nil
	}
	id, err := c.CreateProposal(ctx, *p)
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	p.ID = id
	return nil
}

// firstProposalForm answers a command on a platform with forms with the
// first form, pre-filled with what it gave. Values for later forms are
// kept in a draft, which the form's command names.
func (b *Bot) firstProposalForm(ctx context.Context, c Community, p Proposal, forms [][]fieldSpec, tooLong map[string]string) (Reply, error) {
	if p.ID == 0 {
		first := map[string]bool{}
		for _, s := range forms[0] {
			first[s.name] = true
		}
		for _, name := range ProposalFields {
			if !first[name] && p.Values.Get(name) != "" {
				if err := b.saveDraft(ctx, c, &p); err != nil {
					return Reply{}, err
				}
				break
			}
		}
	}
	f := proposalForm(p.ID, forms, 1, p.Values)
	for i, ff := range f.Fields {
		if msg := tooLong[ff.Name]; msg != "" {
			f.Fields[i].Placeholder = msg + " Type the part you mean."
		}
	}
	return Reply{Visibility: Ephemeral, Form: f}, nil
}

// allIn reports whether every field named in tooLong is one of specs.
func allIn(tooLong map[string]string, specs []fieldSpec) bool {
	in := map[string]bool{}
	for _, s := range specs {
		in[s.name] = true
	}
	for name := range tooLong {
		if !in[name] {
			return false
		}
	}
	return true
}

// proposalForm is form k (1 is the first) of a proposal.
func proposalForm(draft int64, forms [][]fieldSpec, k int, v ProposalValues) *Form {
	return stepForm(proposeLine(draft, optSubmit, k), "Propose a position", forms, k, v)
}

// stepForm is form k (1 is the first) of forms filled in in turn, sent to
// command, pre-filled with v; its title says which when there are several.
func stepForm(command, title string, forms [][]fieldSpec, k int, v ProposalValues) *Form {
	if len(forms) > 1 {
		title += fmt.Sprintf(" (%d of %d)", k, len(forms))
	}
	return form(command, title, forms[k-1], v)
}

// continueAction is the button that opens form k of n with command, when
// it fits room.
func continueAction(command string, k, n, room int) []Action {
	return fittingAction(fmt.Sprintf("Continue (%d of %d)", k, n), command, room)
}

// formOf is the number of the form holding the named field.
func formOf(forms [][]fieldSpec, name string) int {
	for i, f := range forms {
		for _, s := range f {
			if s.name == name {
				return i + 1
			}
		}
	}
	return 1
}

// fixAction is the button that re-opens a form to fix it, when it fits.
func fixAction(command string, room int) []Action {
	return fittingAction("Fix", command, room)
}

// invalidReply lists what is wrong with each field, for the platform's
// form error display (Invalid) and as a card.
func invalidReply(errs []FieldError, specs []fieldSpec, actions []Action) Reply {
	card := Card{Title: "Some fields need fixing"}
	for _, e := range errs {
		card.Fields = append(card.Fields, Field{Name: fieldLabel(specs, e.Field) + " (" + e.Field + ")", Value: e.Message})
	}
	if len(actions) == 0 {
		card.Footer = "Nothing was recorded: give the command again with these fixed."
	}
	return Reply{Visibility: Ephemeral, Cards: []Card{card}, Invalid: errs, Error: EINVALID, Actions: actions}
}

// draftReply says a form of several was saved, with the button that opens
// the next one, and, when every needed field is filled in (the forms left
// are optional), the one that submits the draft as it is.
func draftReply(p Proposal, done, forms int, complete bool, room int) Reply {
	r := Reply{Visibility: Ephemeral, Cards: []Card{{
		Title: fmt.Sprintf("Draft #%d saved (form %d of %d)", p.ID, done, forms),
		Text:  "Continue with the next form to finish the proposal.",
	}}, Actions: continueAction(proposeLine(p.ID, optOpen, done+1), done+1, forms, room)}
	if complete && r.addAction("Submit now", fmt.Sprintf("/propose %s:%d", optDraft, p.ID), room) {
		r.Cards[0].Text = "Every needed field is filled in: submit it now, or continue with the optional fields."
	}
	return r
}

// duplicateReply answers a proposal already on record with the quote.
func duplicateReply(v QuoteView) Reply {
	return Reply{Visibility: Ephemeral, Cards: []Card{{
		Title:  "Already on record",
		Quotes: []QuoteBlock{QuoteViewBlock(v)},
		Footer: "Not queued: this is already on record. If the record is wrong, dispute it.",
	}}}
}

// duplicate returns the quote on record that p repeats: the same person,
// strategy and text, or a quote of the same person in which the search
// index finds the same words; nil when none.
func (b *Bot) duplicate(ctx context.Context, p Proposal) (*QuoteView, error) {
	if p.PersonID == "" {
		return nil, nil // a new person has nothing on record
	}
	exact := QuoteID(p.PersonID, p.StrategyID, p.Values.Text)
	ids := []string{exact}
	if b.opts.Index != nil {
		hits, err := b.opts.Index.Search(ctx, QuoteQuery{Words: p.Values.Text, PersonID: p.PersonID, Limit: 5})
		if err != nil {
			b.log.WarnContext(ctx, "propose: duplicate search failed", "error", err.Error())
		}
		ids = append(ids, hitIDs(hits.Hits)...)
	}
	views, err := b.opts.Store.QuoteViews(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("propose: duplicates: %w", err)
	}
	for _, v := range views {
		if v.Quote.ID == exact || sameWords(v.Quote.Text, p.Values.Text) {
			return &v, nil
		}
	}
	return nil, nil
}

// sameWords reports whether two texts use nearly the same words: of the
// words either uses (folded), at least 80% both use.
func sameWords(a, b string) bool {
	words := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.FieldsFunc(Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			m[w] = true
		}
		return m
	}
	wa, wb := words(a), words(b)
	both := 0
	for w := range wa {
		if wb[w] {
			both++
		}
	}
	either := len(wa) + len(wb) - both
	return either > 0 && both*5 >= either*4
}

// proposalCard shows a proposal: its person, strategy, stance, words and
// source, who proposed it where and when, and its status.
func proposalCard(p Proposal, cat *catalogSnapshot) Card {
	v := p.Values
	person, strategy := v.Person, v.Strategy
	if pp, ok := cat.person(p.PersonID); ok {
		person = pp.Name
	} else if p.Status != ProposalDraft && p.PersonID == "" {
		person += " (new person)"
	}
	if st, ok := cat.strategy(p.StrategyID); ok {
		strategy = st.Name
	}
	card := Card{Title: fmt.Sprintf("Proposal #%d: %s on %s", p.ID, Echo(person, maxNameOption), Echo(strategy, maxNameOption))}
	add := func(name, value string, inline bool) {
		if value != "" {
			card.Fields = append(card.Fields, Field{Name: name, Value: value, Inline: inline})
		}
	}
	add("Stance", v.Stance, true)
	add("Fidelity", v.Fidelity, true)
	// The words as proposed, never in quotation marks: nobody checked yet
	// that they are the person's.
	add("Their words, as proposed", StripControl(v.Text), false)
	var src []string
	for _, x := range []string{v.SourceType, v.Title, v.Publisher, v.Date, v.URL} {
		if x != "" {
			src = append(src, Echo(x, maxProposalURL))
		}
	}
	add("Source", strings.Join(src, ", "), false)
	add("Context", StripControl(v.Context), false)
	// The moderators reading it may need to find the proposer: the user
	// id is given as text (never a mention), the channel is not.
	by := "Proposed by " + p.By.Who(roleAnyone)
	if p.By.Platform != PlatformConsole && p.By.UserID != "" {
		by += " (user id " + p.By.UserID + ")"
	}
	if !p.SubmittedAt.IsZero() {
		by += " on " + utcDay(p.SubmittedAt)
	}
	card.Footer = by
	return card
}
