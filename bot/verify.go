package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Verdict is who judged a quote's verification, when and why.
type Verdict struct {
	By     string // the moderator: a name, or a platform user ("discord:1234")
	On     Date   // when; zero when not recorded
	Reason string
}

// IsZero reports whether nobody has judged the quote.
func (v Verdict) IsZero() bool { return v == Verdict{} }

// Verifications lists every verification status, the default first.
var Verifications = []Verification{VerificationUnverified, VerificationVerified, VerificationDisputed, VerificationMisattributed}

// String names the status; the zero value is "unverified".
func (v Verification) String() string {
	if v == VerificationUnverified {
		return "unverified"
	}
	return string(v)
}

// ParseVerification accepts a status by name, in any case ("unverified" and
// "" are the zero value).
func ParseVerification(s string) (Verification, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, v := range Verifications {
		if s == v.String() || (s == "" && v == VerificationUnverified) {
			return v, true
		}
	}
	return "", false
}

// IsDoubted reports whether a moderator judged the quote not to be what it
// claims (disputed or misattributed): it is never the top answer.
func (v Verification) IsDoubted() bool {
	return v == VerificationDisputed || v == VerificationMisattributed
}

// Shown reports whether quote cards show the status beside the quote's
// fidelity: every status but verified ("loose paraphrase · unverified").
func (v Verification) Shown() bool { return v != VerificationVerified }

// verificationNote is what a quote card's note says of a moderator's
// judgement against the quote, with when and why; "" for a verified or
// unverified quote (the status beside the fidelity says it).
func verificationNote(v Verification, d Verdict) string {
	var s string
	switch v {
	case VerificationVerified, VerificationUnverified:
		return ""
	case VerificationDisputed:
		s = "⚠ Disputed by a moderator"
	case VerificationMisattributed:
		s = "⚠ Misattributed, a moderator found"
	default:
		s = "⚠ Verification: " + string(v)
	}
	if !d.On.IsZero() {
		s += " (" + d.On.String() + ")"
	}
	if d.Reason != "" {
		s += ": " + d.Reason
	}
	return s + "."
}

// demoteDoubted moves the blocks of disputed and misattributed quotes after
// the others, keeping the order within each group.
func demoteDoubted(qs []QuoteBlock) {
	demoteDoubtedBy(qs, func(qb QuoteBlock) Verification { return qb.Verification })
}

// demoteDoubtedBy moves the xs whose quote status says is disputed or
// misattributed after the others, keeping the order within each group.
func demoteDoubtedBy[T any](xs []T, status func(T) Verification) {
	sort.SliceStable(xs, func(i, j int) bool {
		return !status(xs[i]).IsDoubted() && status(xs[j]).IsDoubted()
	})
}

// Verifier records moderators' judgements of quotes (package bot/store
// implements it).
type Verifier interface {
	// Verify sets a quote's verification and keeps the judgement, with who,
	// when and why, in the quote's verification history. An unknown quote
	// is ENOTFOUND.
	Verify(ctx context.Context, quoteID string, status Verification, verdict Verdict) error
}

// Limits of /verify.
const maxVerifyReason = 300

// VerifyCommand is /verify: a moderator (someone who can manage the
// channel) sets a quote's verification status, with a reason, through v.
// The answer is the quote's card with its new status.
func (b *Bot) VerifyCommand(v Verifier) Command {
	statuses := make([]string, len(Verifications))
	for i, s := range Verifications {
		statuses[i] = s.String()
	}
	return Command{
		Name:        "verify",
		Description: "Moderators: mark a quote verified, disputed or misattributed, with the reason",
		Options: []Option{
			{Name: "quote", Description: "The quote's id (quote_id in ask --json)", Required: true, Positional: true, MaxLength: 40},
			{Name: "status", Description: "unverified, verified, disputed or misattributed", Required: true,
				Choices: statuses, MaxLength: 20},
			{Name: "reason", Description: "Why: what the source shows", Required: true, Positional: true, Rest: true,
				MaxLength: maxVerifyReason},
		},
		Examples:   []string{`/verify q0123456789abcdef status:disputed a paper abstract, not about open source`},
		ManageOnly: true,
		Run: func(ctx context.Context, req Request) (Reply, error) {
			return b.runVerify(ctx, v, req)
		},
	}
}

func (b *Bot) runVerify(ctx context.Context, v Verifier, req Request) (Reply, error) {
	status, ok := ParseVerification(req.Option("status"))
	if !ok {
		return Reply{}, Errorf(EINVALID, "Status must be one of unverified, verified, disputed or misattributed.")
	}
	reason := OneLine(req.Option("reason"))
	if reason == "" {
		return Reply{}, Errorf(EINVALID, "Give the reason for the judgement (reason:...).")
	}
	id := strings.TrimSpace(req.Option("quote"))
	now := b.opts.Now().UTC()
	verdict := Verdict{By: string(req.Platform) + ":" + req.UserID, On: Date{now.Year(), int(now.Month()), now.Day()}, Reason: reason}
	if req.UserID == "" {
		verdict.By = string(req.Platform)
	}
	if err := v.Verify(ctx, id, status, verdict); err != nil {
		return Reply{}, fmt.Errorf("verify %s: %w", id, err)
	}
	views, err := b.opts.Store.QuoteViews(ctx, []string{id})
	if err != nil {
		return Reply{}, fmt.Errorf("verify %s: %w", id, err)
	}
	if len(views) == 0 {
		return Reply{}, Errorf(ENOTFOUND, "No quote with id %q.", id)
	}
	qb := QuoteViewBlock(views[0])
	return Reply{Visibility: Public, Cards: []Card{{
		Title:  "Quote marked " + status.String(),
		Quotes: []QuoteBlock{qb},
		Footer: "Recorded in the quote's verification history by " + verdict.By + ".",
	}}}, nil
}
