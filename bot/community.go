package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Actor is someone who did something in a chat: the platform and its
// user id.
type Actor struct {
	Platform Platform
	UserID   string
}

// String is "discord:1234" ("console" for the console's one user).
func (a Actor) String() string {
	if a.UserID == "" || (a.Platform == PlatformConsole && a.UserID == "console") {
		return string(a.Platform)
	}
	return string(a.Platform) + ":" + a.UserID
}

// Who says who the actor is in words any card can show: role ("a
// moderator", "someone") on their platform ("a moderator on Discord"), the
// console's operator, or stancebot itself; never their platform id. The id
// is the record (the audit log and `stancebot audit` keep it); on a card it
// would show a number, or, were it rendered as a mention, ping them.
func (a Actor) Who(role string) string {
	switch {
	case a == BotActor:
		return "stancebot"
	case a.Platform == PlatformConsole:
		return "the console's operator"
	case a.Platform == "":
		return role
	}
	return role + " on " + a.Platform.Name()
}

// ParseActor reads what Actor.String writes.
func ParseActor(s string) Actor {
	if platform, id, ok := strings.Cut(s, ":"); ok {
		return Actor{Platform: Platform(platform), UserID: id}
	}
	if Platform(s) == PlatformConsole {
		return Actor{Platform: PlatformConsole, UserID: "console"}
	}
	return Actor{Platform: Platform(s)}
}

// actorOf is who sent req.
func actorOf(req Request) Actor { return Actor{Platform: req.Platform, UserID: req.UserID} }

// ProposalStatus is where a proposal is in its review.
type ProposalStatus string

// Proposal statuses.
const (
	ProposalDraft    ProposalStatus = "draft"    // its proposer is still filling in its forms
	ProposalPending  ProposalStatus = "pending"  // submitted, waiting for a moderator
	ProposalApproved ProposalStatus = "approved" // recorded as a quote (QuoteID)
	ProposalRejected ProposalStatus = "rejected" // refused, with a reason
	// ProposalExpired is a draft not submitted in time (Options.DraftLifetime):
	// kept, with what its proposer typed, but no longer filled in.
	ProposalExpired ProposalStatus = "expired"
)

// The roles Actor.Who names people by: who decides (approves, rejects,
// resolves) and who proposes or disputes.
const (
	roleModerator = "a moderator"
	roleAnyone    = "someone"
)

// BotActor is who does what the bot does by itself (a draft's expiry).
var BotActor = Actor{Platform: "stancebot"}

// Proposal is a position someone proposed from the chat: a quote of a
// person on a strategy with its source, kept as typed until a moderator
// approves it (it is then recorded like an imported quote) or rejects it.
type Proposal struct {
	ID     int64
	Status ProposalStatus
	Values ProposalValues
	// PersonID and StrategyID are what Values.Person and Values.Strategy
	// resolved to when submitted; PersonID is "" for a new person.
	PersonID   string
	StrategyID string
	By         Actor  // the proposer
	ChannelID  string // where it was proposed
	CreatedAt  time.Time
	// SubmittedAt is when it was queued for review; zero for a draft.
	SubmittedAt time.Time
	// DecidedBy approved or rejected it (a moderator) or expired it
	// (BotActor); zero before.
	DecidedBy Actor
	DecidedAt time.Time
	Reason    string // why it was rejected or expired
	QuoteID   string // the quote its approval recorded
}

// ProposalValues are a proposal's fields as typed, by the names of the
// propose command's options.
type ProposalValues struct {
	Person, Strategy, Stance, Text, Fidelity string
	URL, SourceType, Title, Publisher, Date  string
	Context                                  string
}

// Get returns the value of the field named like the propose option.
func (v ProposalValues) Get(name string) string {
	if p := v.field(name); p != nil {
		return *p
	}
	return ""
}

// Set sets the field named like the propose option; a name that is none
// sets nothing.
func (v *ProposalValues) Set(name, value string) {
	if p := v.field(name); p != nil {
		*p = value
	}
}

func (v *ProposalValues) field(name string) *string {
	switch name {
	case fieldPerson:
		return &v.Person
	case fieldStrategy:
		return &v.Strategy
	case fieldStance:
		return &v.Stance
	case fieldText:
		return &v.Text
	case fieldFidelity:
		return &v.Fidelity
	case fieldURL:
		return &v.URL
	case fieldType:
		return &v.SourceType
	case fieldTitle:
		return &v.Title
	case fieldPublisher:
		return &v.Publisher
	case fieldDate:
		return &v.Date
	case fieldContext:
		return &v.Context
	}
	return nil
}

// Provenance says that a quote was recorded by this community: proposed in
// the chat and approved by a moderator. It travels with the quote in a
// dataset (export, import).
type Provenance struct {
	ProposedBy Actor
	ProposedIn string // the channel, "discord:C123"; "" when unknown
	ProposedAt time.Time
	ApprovedBy Actor
	ApprovedAt time.Time
}

// DisputeStatus is an open dispute or how a moderator resolved it.
type DisputeStatus string

// Dispute statuses: open, then one of the resolutions.
const (
	DisputeOpen          DisputeStatus = "open"
	DisputeVerified      DisputeStatus = "verified"      // the quote is what it claims: marked verified
	DisputeCorrected     DisputeStatus = "corrected"     // a new version of its text or source replaces it
	DisputeMisattributed DisputeStatus = "misattributed" // the person did not say it: marked misattributed
	DisputeDismissed     DisputeStatus = "dismissed"     // the dispute was unfounded: the quote stays as it was
)

// DisputeResolutions lists the ways a moderator resolves a dispute.
var DisputeResolutions = []DisputeStatus{DisputeVerified, DisputeCorrected, DisputeMisattributed, DisputeDismissed}

// Dispute is someone's objection to a recorded quote, with why, until a
// moderator resolves it.
type Dispute struct {
	ID         int64
	QuoteID    string
	Status     DisputeStatus
	Reason     string
	By         Actor
	ChannelID  string
	OpenedAt   time.Time
	ResolvedBy Actor
	ResolvedAt time.Time
	Resolution string // the moderator's reason
	NewQuoteID string // a correction's new version of the quote; "" otherwise
}

// OpenDispute is a quote's dispute under review, as its card shows it.
type OpenDispute struct {
	ID       int64
	Reason   string
	OpenedAt time.Time
}

// AuditAction names what an audit entry records.
type AuditAction string

// Audit actions.
const (
	AuditDrafted   AuditAction = "proposal-drafted"   // a draft saved from a first form
	AuditEdited    AuditAction = "proposal-edited"    // a draft's or a pending proposal's values changed
	AuditSubmitted AuditAction = "proposal-submitted" // queued for review
	AuditApproved  AuditAction = "proposal-approved"  // recorded as a quote
	AuditRejected  AuditAction = "proposal-rejected"
	AuditExpired   AuditAction = "proposal-expired" // a draft not submitted in time
	AuditDisputed  AuditAction = "dispute-opened"
	AuditResolved  AuditAction = "dispute-resolved" // Changed says how
)

// AuditEntry is one line of the audit log: who did what, when, what
// changed and why.
type AuditEntry struct {
	Seq        int64
	At         time.Time
	By         Actor
	Action     AuditAction
	ProposalID int64  // 0 when not about a proposal
	DisputeID  int64  // 0 when not about a dispute
	QuoteID    string // "" when no quote is concerned
	PersonID   string // "" when no recorded person is concerned (a new person before approval)
	Changed    string // what changed, "field: old → new" lines
	Reason     string
}

// Community keeps the positions a community records from the chat:
// proposals, their review, disputes, and the audit log every step appends
// to (package bot/store implements it). Nothing is changed without an
// audit entry saying who, when, what and why.
type Community interface {
	// CreateProposal records a new draft or pending proposal (p.Status)
	// and returns its id. p.ID, DecidedBy, DecidedAt, Reason and QuoteID
	// are ignored.
	CreateProposal(ctx context.Context, p Proposal) (int64, error)
	// UpdateProposal replaces the values (and resolved ids) of a draft or
	// pending proposal, and its status when p.Status moves a draft to
	// pending; by did it (action AuditEdited or AuditSubmitted) and why.
	// Nothing changed records nothing. A decided proposal is EINVALID.
	UpdateProposal(ctx context.Context, p Proposal, by Actor, reason string) error
	// Proposal returns one proposal; a missing one is ENOTFOUND.
	Proposal(ctx context.Context, id int64) (Proposal, error)
	// Proposals returns the proposals with the status, oldest first.
	Proposals(ctx context.Context, status ProposalStatus) ([]Proposal, error)
	// ProposalsSince counts the proposals by submitted for review (drafts
	// are not counted) since the time.
	ProposalsSince(ctx context.Context, by Actor, since time.Time) (int, error)
	// ApproveProposal records a pending proposal: ds (its quote, with
	// Provenance, and the stance and person it needs) is imported as
	// Import does, and the proposal is marked approved by by, with
	// ds.Quotes[0] as its quote, in the same transaction. A proposal that
	// is not pending is EINVALID.
	ApproveProposal(ctx context.Context, id int64, by Actor, ds Dataset) (Proposal, error)
	// ExpireDrafts marks expired, with the reason, every draft created
	// before the time, and returns how many; by (BotActor) did it. An
	// expired draft keeps its values; it is no longer a draft (Proposals
	// of ProposalDraft leave it out; UpdateProposal refuses it).
	ExpireDrafts(ctx context.Context, createdBefore time.Time, by Actor, reason string) (int, error)
	// RejectProposal marks a pending proposal rejected, with the reason.
	RejectProposal(ctx context.Context, id int64, by Actor, reason string) (Proposal, error)
	// OpenDispute records a dispute of a quote (d.QuoteID, Reason, By,
	// ChannelID) and returns it with its id. An unknown quote is
	// ENOTFOUND; one already under review is EINVALID.
	OpenDispute(ctx context.Context, d Dispute) (Dispute, error)
	// Dispute returns one dispute; a missing one is ENOTFOUND.
	Dispute(ctx context.Context, id int64) (Dispute, error)
	// OpenDisputes returns the disputes under review, oldest first.
	OpenDisputes(ctx context.Context) ([]Dispute, error)
	// DisputesSince counts the disputes by opened since the time.
	DisputesSince(ctx context.Context, by Actor, since time.Time) (int, error)
	// ResolveDispute resolves an open dispute: verified and misattributed
	// set the quote's verification (kept in its verification history);
	// corrected imports the corrected quote (a new text makes a new quote,
	// and the old one is retracted, kept in the store's history); dismissed
	// leaves the quote as it was. A dispute that is not open is EINVALID.
	ResolveDispute(ctx context.Context, id int64, status DisputeStatus, by Actor, reason string, corrected *Quote) (Dispute, error)
	// Audit returns the audit log from the time on (zero: all), oldest first.
	Audit(ctx context.Context, since time.Time) ([]AuditEntry, error)
	// PersonAudit returns the audit entries about one person, oldest first.
	PersonAudit(ctx context.Context, personID string) ([]AuditEntry, error)
}

// The propose command's options, which are also its form's fields.
const (
	fieldPerson    = "person"
	fieldStrategy  = "strategy"
	fieldStance    = "stance"
	fieldText      = "text"
	fieldFidelity  = "fidelity"
	fieldURL       = "url"
	fieldType      = "type"
	fieldTitle     = "title"
	fieldPublisher = "publisher"
	fieldDate      = "date"
	fieldContext   = "context"
)

// ProposalFields are the names of a proposal's fields, in form order.
var ProposalFields = func() []string {
	var names []string
	for _, s := range proposalSpecs() {
		names = append(names, s.name)
	}
	return names
}()

// Diff says which fields differ from old, one "field: old → new" line each
// in ProposalFields order; "" when none do.
func (v ProposalValues) Diff(old ProposalValues) string {
	rows := make([][3]string, len(ProposalFields))
	for i, name := range ProposalFields {
		rows[i] = [3]string{name, old.Get(name), v.Get(name)}
	}
	return DiffFields(rows)
}

// DiffFields writes the rows {name, old, new} whose values differ as
// "name: old → new" lines, values quoted and on one line ("" for none).
func DiffFields(rows [][3]string) string {
	var ls []string
	for _, r := range rows {
		if r[1] != r[2] {
			ls = append(ls, fmt.Sprintf("%s: %q → %q", r[0], OneLine(r[1]), OneLine(r[2])))
		}
	}
	return strings.Join(ls, "\n")
}
