package bot

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Options and limits of /review and /resolve.
const (
	optApprove      = "approve"
	optReject       = "reject"
	optEdit         = "edit"
	optReason       = "reason"
	maxReviewReason = 300
	reviewPerPage   = 4
)

// communityCommands are the commands of a bot with a Community, in /help order.
func (b *Bot) communityCommands() []Command {
	return []Command{b.proposeCommand(), b.reviewCommand(), b.disputeCommand(), b.resolveCommand()}
}

// reasonSpec is the reason field of a decision's form.
func reasonSpec(label string) fieldSpec {
	return fieldSpec{name: optReason, label: label, desc: "Why", long: true, required: true, max: maxReviewReason}
}

func (b *Bot) reviewCommand() Command {
	number := func(name, desc string) Option {
		return Option{Name: name, Description: desc, Integer: true, Placeholder: "N", MaxLength: 12}
	}
	opts := []Option{
		number(optApprove, "Approve this proposal: it is recorded"),
		number(optReject, "Reject this proposal (give the reason)"),
		number(optEdit, "Edit this pending proposal (give the fields to change)"),
		{Name: optReason, Description: "Why it is rejected (the proposer is told) or edited", Positional: true, Rest: true},
	}
	opts = append(opts, fieldOptions(proposalSpecs(), false)...)
	opts = append(opts, stepOptions(false)...)
	return Command{
		Name:        "review",
		Description: "Moderators: the pending proposals and disputes, oldest first, to approve, reject or edit",
		Help: fmt.Sprintf("/review lists the pending proposals, then the open disputes, oldest first, %d a page, "+
			"each with its buttons.\n"+
			"approve:N records proposal N like an imported quote, with who proposed it, where and when, and who "+
			"approved it: it reaches /whoendorses, /person, /quote and the next digest. reject:N <reason> refuses it; "+
			"the reason is needed, and the proposer is told it. edit:N changes a pending proposal's fields, given "+
			"as /propose names them (person:, strategy:, stance:, fidelity:, text:, url:, title:, publisher:, "+
			"date:, type:, context:; on Discord and Slack its forms, pre-filled), with an optional reason.\n"+
			"Disputes are resolved with /resolve (see /help resolve). Every decision is kept in the audit log, "+
			"with who made it, when and why.", reviewPerPage),
		Options:    append(opts, pageOption()),
		Examples:   []string{"/review", "/review approve:3", "/review reject:4 the link does not say this", `/review edit:5 date:2024-06`},
		ManageOnly: true,
		Run:        b.runReview,
	}
}

// reviewLine is a /review command line on proposal id.
func reviewLine(option string, id int64) string { return fmt.Sprintf("/review %s:%d", option, id) }

func (b *Bot) runReview(ctx context.Context, req Request) (Reply, error) {
	c := b.opts.Community // registered only on a bot with one
	cat, err := b.currentCatalog(ctx)
	if err != nil {
		return Reply{}, err
	}
	var (
		action string
		id     int64
	)
	for _, name := range []string{optApprove, optReject, optEdit} {
		s := req.Option(name)
		if s == "" {
			continue
		}
		if action != "" {
			return Reply{}, Errorf(EINVALID, "Give one of approve, reject or edit at a time.")
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			return Reply{}, Errorf(EINVALID, "Option %s: must be a proposal's number.", name)
		}
		action, id = name, n
	}
	switch action {
	case optApprove:
		return b.approve(ctx, c, cat, id, req)
	case optReject:
		return b.reject(ctx, c, cat, id, req)
	case optEdit:
		return b.edit(ctx, c, cat, id, req)
	}
	return b.reviewList(ctx, c, cat, req)
}

// reviewList lists the pending proposals, then the open disputes, oldest
// first, each with its buttons.
func (b *Bot) reviewList(ctx context.Context, c Community, cat *catalogSnapshot, req Request) (Reply, error) {
	props, err := c.Proposals(ctx, ProposalPending)
	if err != nil {
		return Reply{}, fmt.Errorf("review: %w", err)
	}
	disputes, err := c.OpenDisputes(ctx)
	if err != nil {
		return Reply{}, fmt.Errorf("review: %w", err)
	}
	n := len(props) + len(disputes)
	if n == 0 {
		return Reply{Visibility: Ephemeral, Cards: []Card{{Title: "Nothing to review: no pending proposal or open dispute."}}}, nil
	}
	pg, err := newPager(req.Option("page"), n, reviewPerPage)
	if err != nil {
		return Reply{}, err
	}
	reply := Reply{Visibility: Ephemeral}
	lo, hi := pg.bounds()
	for i := lo; i < hi; i++ {
		if i < len(props) {
			p := props[i]
			card := proposalCard(p, cat)
			card.Item = true
			reply.Cards = append(reply.Cards, card)
			reply.addAction(fmt.Sprintf("Approve #%d", p.ID), reviewLine(optApprove, p.ID), req.ActionRoom)
			reply.addAction(fmt.Sprintf("Reject #%d", p.ID), reviewLine(optReject, p.ID), req.ActionRoom)
			reply.addAction(fmt.Sprintf("Edit #%d", p.ID), reviewLine(optEdit, p.ID), req.ActionRoom)
			continue
		}
		d := disputes[i-len(props)]
		card, err := b.disputeCard(ctx, d)
		if err != nil {
			return Reply{}, err
		}
		card.Item = true
		reply.Cards = append(reply.Cards, card)
		for _, s := range DisputeResolutions {
			if len(card.Quotes) > 0 || s == DisputeDismissed { // a retracted quote's dispute is only dismissed
				reply.addAction(fmt.Sprintf("%s #%d", resolutionLabel(s), d.ID), resolveLine(d.ID, s), req.ActionRoom)
			}
		}
	}
	reply.Cards[0].Subtitle = fmt.Sprintf("%s and %s to review, oldest first (%s)",
		plural(len(props), "pending proposal", "pending proposals"), plural(len(disputes), "open dispute", "open disputes"), pg.rangeText())
	pg.apply(&reply, "/review", req.ActionRoom)
	return reply, nil
}

// pendingProposal returns a proposal a moderator can still decide.
func pendingProposal(ctx context.Context, c Community, id int64) (Proposal, error) {
	p, err := c.Proposal(ctx, id)
	if err != nil {
		return Proposal{}, fmt.Errorf("review: %w", err)
	}
	if p.Status != ProposalPending {
		return Proposal{}, Errorf(EINVALID, "Proposal #%d is %s, not pending.", id, p.Status)
	}
	return p, nil
}

// approve records a pending proposal like an imported quote, with its
// provenance, and tells the proposer.
func (b *Bot) approve(ctx context.Context, c Community, cat *catalogSnapshot, id int64, req Request) (Reply, error) {
	p, err := pendingProposal(ctx, c, id)
	if err != nil {
		return Reply{}, err
	}
	me, now := actorOf(req), b.opts.Now()
	ds, err := b.approvalDataset(ctx, cat, p, me, now)
	if err != nil {
		return Reply{}, err
	}
	if p, err = c.ApproveProposal(ctx, id, me, ds); err != nil {
		return Reply{}, fmt.Errorf("review: %w", err)
	}
	b.syncIndex(ctx)
	views, err := b.opts.Store.QuoteViews(ctx, []string{p.QuoteID})
	if err != nil {
		return Reply{}, fmt.Errorf("review: %w", err)
	}
	card := Card{Title: fmt.Sprintf("Proposal #%d approved: now on record", id), Footer: "Recorded by this community, approved by you."}
	for _, v := range views {
		card.Quotes = append(card.Quotes, QuoteViewBlock(v))
	}
	reply := Reply{Visibility: Ephemeral, Cards: []Card{card}}
	reply.Notices = notice(req, p.By, p.ChannelID, fmt.Sprintf("Your proposal #%d (%s) was approved and is now on record.", id, Echo(p.Values.Person, maxNameOption)))
	return reply, nil
}

// approvalDataset is what approving p records: its quote with provenance,
// the stance when the person has none on the strategy or another kind,
// and the person when new (unprofiled: no tiers).
func (b *Bot) approvalDataset(ctx context.Context, cat *catalogSnapshot, p Proposal, by Actor, now time.Time) (Dataset, error) {
	// The catalog may have changed since the proposal was submitted.
	errs, res := checkFields(p.Values, proposalSpecs(), cat, now, nil)
	if len(errs) > 0 {
		return Dataset{}, Errorf(EINVALID, "Proposal #%d no longer checks (%s: %s); edit it first.", p.ID, errs[0].Field, errs[0].Message)
	}
	p.PersonID, p.StrategyID = res.PersonID, res.StrategyID
	v := p.Values
	kind, _ := ParseStanceKind(v.Stance)
	var ds Dataset
	stance := &Stance{PersonID: p.PersonID, StrategyID: p.StrategyID, Kind: kind}
	if p.PersonID == "" {
		name := OneLine(v.Person)
		p.PersonID = Slug(name)
		stance.PersonID = p.PersonID
		ds.People = []Person{{ID: p.PersonID, Name: name, Unprofiled: true}}
	} else {
		held, err := b.opts.Store.Stance(ctx, p.PersonID, p.StrategyID)
		switch {
		case err != nil:
			return Dataset{}, fmt.Errorf("review: %w", err)
		case held != nil && held.Kind == kind:
			stance = nil
		case held != nil:
			stance.Summary = held.Summary
		}
	}
	if stance != nil {
		ds.Stances = []Stance{*stance}
	}
	q := Quote{PersonID: p.PersonID, StrategyID: p.StrategyID,
		Provenance: &Provenance{ProposedBy: p.By, ProposedIn: channelOf(p.By.Platform, p.ChannelID),
			ProposedAt: p.SubmittedAt, ApprovedBy: by, ApprovedAt: now.UTC()}}
	setQuoteValues(&q, v)
	if on, err := b.opts.Store.QuoteViews(ctx, []string{q.ID}); err != nil {
		return Dataset{}, fmt.Errorf("review: %w", err)
	} else if len(on) > 0 {
		return Dataset{}, Errorf(EINVALID, "Proposal #%d is already on record (quote %s); reject it as a duplicate.", p.ID, q.ID)
	}
	ds.Quotes = []Quote{q}
	return ds, nil
}

// channelOf names a channel with its platform: "discord:C1"; "" unknown.
func channelOf(platform Platform, channelID string) string {
	if channelID == "" {
		return ""
	}
	return string(platform) + ":" + channelID
}

// notice is the message to a user about a decision, when the platform of
// req can send it (a user of another platform is not reachable from here).
func notice(req Request, to Actor, channelID, text string) []Notice {
	if to.Platform != req.Platform || to.UserID == "" {
		return nil
	}
	return []Notice{{UserID: to.UserID, ChannelID: channelID, Text: text}}
}

// IndexSyncer is a QuoteIndex that can catch up with the store at once
// (package index): the bot calls it after it records a quote itself.
type IndexSyncer interface {
	Sync(ctx context.Context) (int, error)
}

// syncIndex catches the quote index up with a write of the bot's own; a
// failure is logged (the next sync catches up).
func (b *Bot) syncIndex(ctx context.Context) {
	if s, ok := b.opts.Index.(IndexSyncer); ok {
		if _, err := s.Sync(ctx); err != nil {
			b.log.WarnContext(ctx, "community: index sync failed", "error", err.Error())
		}
	}
}

// reasonOf returns the request's reason, or the reply asking for it: a form
// on a platform with forms (sent to command), per-field errors otherwise.
func reasonOf(req Request, command, title, label string) (string, *Reply) {
	spec := reasonSpec(label)
	reason := strings.TrimSpace(req.Option(optReason))
	if reason == "" && req.FormFields > 0 {
		return "", &Reply{Visibility: Ephemeral, Form: form(command, title, []fieldSpec{spec}, ProposalValues{})}
	}
	if msg := checkField(spec, reason, nil, time.Time{}, nil); msg != "" {
		r := invalidReply([]FieldError{{Field: optReason, Message: msg}}, []fieldSpec{spec}, nil)
		return "", &r
	}
	return OneLine(reason), nil
}

// reject refuses a pending proposal with a reason, and tells the proposer.
func (b *Bot) reject(ctx context.Context, c Community, cat *catalogSnapshot, id int64, req Request) (Reply, error) {
	p, err := pendingProposal(ctx, c, id)
	if err != nil {
		return Reply{}, err
	}
	reason, ask := reasonOf(req, reviewLine(optReject, id), fmt.Sprintf("Reject proposal #%d", id), "Why (the proposer is told)")
	if ask != nil {
		return *ask, nil
	}
	me := actorOf(req)
	if p, err = c.RejectProposal(ctx, id, me, reason); err != nil {
		return Reply{}, fmt.Errorf("review: %w", err)
	}
	card := proposalCard(p, cat)
	card.Title = fmt.Sprintf("Proposal #%d rejected", id)
	card.Fields = append(card.Fields, Field{Name: "Reason", Value: reason})
	reply := Reply{Visibility: Ephemeral, Cards: []Card{card}}
	reply.Notices = notice(req, p.By, p.ChannelID, fmt.Sprintf("Your proposal #%d (%s) was not accepted: %s", id, Echo(p.Values.Person, maxNameOption), reason))
	return reply, nil
}

// edit changes a pending proposal's fields (a moderator's edit, kept in
// the audit log): the options given, or on a platform with forms its
// forms, pre-filled. The proposal stays valid: a change that does not
// check is refused.
func (b *Bot) edit(ctx context.Context, c Community, cat *catalogSnapshot, id int64, req Request) (Reply, error) {
	p, err := pendingProposal(ctx, c, id)
	if err != nil {
		return Reply{}, err
	}
	specs := proposalSpecs()
	forms := proposalForms(specs, req.FormFields)
	st, err := parseSteps(req, len(forms))
	if err != nil {
		return Reply{}, err
	}
	editLine := func(option string, k int) string { return fmt.Sprintf("%s %s:%d", reviewLine(optEdit, id), option, k) }
	// A refused edit's values wait in memory for its Fix button.
	key, now := formKey{by: actorOf(req), of: reviewLine(optEdit, id)}, b.opts.Now()
	editForm := func(k int) Reply {
		v, kept := b.held.get(key, now, b.opts.DraftLifetime)
		if !kept {
			v = p.Values
		}
		return Reply{Visibility: Ephemeral, Form: stepForm(editLine(optSubmit, k), fmt.Sprintf("Edit proposal #%d", id), forms, k, v)}
	}
	given := false
	for _, s := range specs {
		given = given || req.Option(s.name) != "" || req.TooLong(s.name) != ""
	}
	switch {
	case st.open > 0:
		return editForm(st.open), nil
	case st.submit > 0:
		setFormValues(&p.Values, forms[st.submit-1], req)
	case !given && len(forms) > 0:
		b.held.drop(key) // a new edit starts from what is on record
		return editForm(1), nil
	case !given:
		return Reply{}, Errorf(EINVALID, "Give the fields to change, e.g. /review edit:%d date:2024-06.", id)
	default:
		setOptionValues(&p.Values, specs, req)
	}
	errs, res := checkFields(p.Values, specs, cat, now, req.tooLong)
	if len(errs) > 0 {
		var fix []Action
		if len(forms) > 0 {
			b.held.put(key, p.Values, now)
			fix = fixAction(editLine(optOpen, formOf(forms, errs[0].Field)), req.ActionRoom)
		}
		return invalidReply(errs, specs, fix), nil
	}
	b.held.drop(key)
	p.PersonID, p.StrategyID, p.Values = res.PersonID, res.StrategyID, canonical(p.Values)
	why := cmp.Or(OneLine(req.Option(optReason)), "edited by a moderator")
	if err := c.UpdateProposal(ctx, p, actorOf(req), why); err != nil {
		return Reply{}, fmt.Errorf("review: %w", err)
	}
	card := proposalCard(p, cat)
	card.Subtitle = "Edited; still pending."
	reply := Reply{Visibility: Ephemeral, Cards: []Card{card}}
	if st.submit > 0 && st.submit < len(forms) {
		reply.addAction(fmt.Sprintf("Continue editing (%d of %d)", st.submit+1, len(forms)), editLine(optOpen, st.submit+1), req.ActionRoom)
	}
	reply.addAction(fmt.Sprintf("Approve #%d", id), reviewLine(optApprove, id), req.ActionRoom)
	reply.addAction(fmt.Sprintf("Reject #%d", id), reviewLine(optReject, id), req.ActionRoom)
	return reply, nil
}
