package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/stancebot/stancebot/bot"
)

var _ bot.Community = (*DB)(nil)

// The columns of a quote's packed row (quoteRow) added by migration 0008:
// its provenance when this community recorded it, and its open dispute,
// each a JSON object or ”.
const (
	quoteCommunityCols = `coalesce((SELECT json_object('by', qp.proposed_by, 'in', qp.proposed_in,
		'at', qp.proposed_at, 'approved_by', qp.approved_by, 'approved_at', qp.approved_at)
		FROM quote_provenance qp WHERE qp.quote_id = q.id), ''),
	coalesce((SELECT json_object('id', d.id, 'reason', d.reason, 'at', d.opened_at) FROM disputes d
		WHERE d.quote_id = q.id AND d.status = 'open' ORDER BY d.id LIMIT 1), '')`
	quoteCommunityFields = 2
)

// scanQuoteCommunity reads the values of quoteCommunityCols into q.
func scanQuoteCommunity(q *bot.Quote, f []string) error {
	if f[0] != "" {
		var p struct {
			By         string `json:"by"`
			In         string `json:"in"`
			At         string `json:"at"`
			ApprovedBy string `json:"approved_by"`
			ApprovedAt string `json:"approved_at"`
		}
		if err := json.Unmarshal([]byte(f[0]), &p); err != nil {
			return fmt.Errorf("quote %s provenance: %w", q.ID, err)
		}
		prov := &bot.Provenance{ProposedBy: bot.ParseActor(p.By), ProposedIn: p.In, ApprovedBy: bot.ParseActor(p.ApprovedBy)}
		if err := parseTimes(storedTime{&prov.ProposedAt, p.At}, storedTime{&prov.ApprovedAt, p.ApprovedAt}); err != nil {
			return fmt.Errorf("quote %s provenance: %w", q.ID, err)
		}
		q.Provenance = prov
	}
	if f[1] != "" {
		var d struct {
			ID     int64  `json:"id"`
			Reason string `json:"reason"`
			At     string `json:"at"`
		}
		if err := json.Unmarshal([]byte(f[1]), &d); err != nil {
			return fmt.Errorf("quote %s dispute: %w", q.ID, err)
		}
		at, err := parseTime(d.At)
		if err != nil {
			return fmt.Errorf("quote %s dispute: %w", q.ID, err)
		}
		q.Dispute = &bot.OpenDispute{ID: d.ID, Reason: d.Reason, OpenedAt: at}
	}
	return nil
}

// quoteProvenance writes an imported quote's provenance. A quote the
// dataset gives none keeps what is stored (a board import of a quote this
// community recorded first does not undo that).
func (im *importer) quoteProvenance(q bot.Quote) error {
	p := q.Provenance
	if p == nil {
		return nil
	}
	if _, err := im.exec(`INSERT INTO quote_provenance (quote_id, proposed_by, proposed_in, proposed_at,
		approved_by, approved_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (quote_id) DO UPDATE SET
		proposed_by = excluded.proposed_by, proposed_in = excluded.proposed_in, proposed_at = excluded.proposed_at,
		approved_by = excluded.approved_by, approved_at = excluded.approved_at`,
		q.ID, p.ProposedBy.String(), p.ProposedIn, formatTime(p.ProposedAt), p.ApprovedBy.String(),
		formatTime(p.ApprovedAt)); err != nil {
		return fmt.Errorf("quote provenance: %w", err)
	}
	return nil
}

// equalProvenance compares two provenances, nil being none.
func equalProvenance(a, b *bot.Provenance) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.ProposedBy == b.ProposedBy && a.ProposedIn == b.ProposedIn && a.ProposedAt.Equal(b.ProposedAt) &&
		a.ApprovedBy == b.ApprovedBy && a.ApprovedAt.Equal(b.ApprovedAt)
}

// audit appends one entry to the audit log.
func audit(ctx context.Context, tx *sql.Tx, e bot.AuditEntry, now string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit (at, platform, user_id, action, proposal_id, dispute_id,
		quote_id, person_id, changed, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		now, string(e.By.Platform), e.By.UserID, string(e.Action), e.ProposalID, e.DisputeID, e.QuoteID,
		e.PersonID, e.Changed, e.Reason); err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// proposalCols are a proposal's columns, in proposalScan's order.
const proposalCols = `id, status, person, person_id, strategy, strategy_id, stance, text, fidelity, url,
	source_type, source_title, publisher, source_date, context, platform, user_id, channel_id, created_at,
	submitted_at, decided_by, decided_at, reason, quote_id`

// proposalScan receives proposalCols.
type proposalScan struct {
	p                                   bot.Proposal
	status, platform, userID, decidedBy string
	createdAt, submittedAt, decidedAt   string
}

func (x *proposalScan) dest() []any {
	p, v := &x.p, &x.p.Values
	return []any{&p.ID, &x.status, &v.Person, &p.PersonID, &v.Strategy, &p.StrategyID, &v.Stance, &v.Text,
		&v.Fidelity, &v.URL, &v.SourceType, &v.Title, &v.Publisher, &v.Date, &v.Context, &x.platform,
		&x.userID, &p.ChannelID, &x.createdAt, &x.submittedAt, &x.decidedBy, &x.decidedAt, &p.Reason, &p.QuoteID}
}

func (x *proposalScan) proposal() (bot.Proposal, error) {
	p := x.p
	p.Status = bot.ProposalStatus(x.status)
	if p.Status == bot.ProposalDraft && x.decidedAt != "" {
		p.Status = bot.ProposalExpired
	}
	p.By = bot.Actor{Platform: bot.Platform(x.platform), UserID: x.userID}
	if x.decidedBy != "" {
		p.DecidedBy = bot.ParseActor(x.decidedBy)
	}
	if err := parseTimes(storedTime{&p.CreatedAt, x.createdAt}, storedTime{&p.SubmittedAt, x.submittedAt},
		storedTime{&p.DecidedAt, x.decidedAt}); err != nil {
		return bot.Proposal{}, fmt.Errorf("proposal %d: %w", p.ID, err)
	}
	return p, nil
}

// CreateProposal records a new draft or pending proposal and an audit entry.
func (db *DB) CreateProposal(ctx context.Context, p bot.Proposal) (int64, error) {
	if p.Status != bot.ProposalDraft && p.Status != bot.ProposalPending {
		return 0, fmt.Errorf("create proposal: status %q (want draft or pending)", p.Status)
	}
	if err := checkProposal(p); err != nil {
		return 0, fmt.Errorf("create proposal: %w", err)
	}
	var id int64
	err := db.Write(ctx, func(tx *sql.Tx) error {
		now := formatTime(db.now())
		submitted := ""
		if p.Status == bot.ProposalPending {
			submitted = now
		}
		v := p.Values
		res, err := tx.ExecContext(ctx, `INSERT INTO proposals (status, person, person_id, strategy, strategy_id,
			stance, text, fidelity, url, source_type, source_title, publisher, source_date, context, platform,
			user_id, channel_id, created_at, submitted_at, decided_by, decided_at, reason, quote_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '')`,
			string(p.Status), v.Person, p.PersonID, v.Strategy, p.StrategyID, v.Stance, v.Text, v.Fidelity, v.URL,
			v.SourceType, v.Title, v.Publisher, v.Date, v.Context, string(p.By.Platform), p.By.UserID, p.ChannelID,
			now, submitted)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		action := bot.AuditDrafted
		if p.Status == bot.ProposalPending {
			action = bot.AuditSubmitted
		}
		return audit(ctx, tx, bot.AuditEntry{By: p.By, Action: action, ProposalID: id, PersonID: p.PersonID,
			Changed: v.Diff(bot.ProposalValues{})}, now)
	})
	if err != nil {
		return 0, fmt.Errorf("create proposal: %w", err)
	}
	return id, nil
}

// checkProposal refuses what the store cannot keep: text that is not
// valid UTF-8 or holds the packed rows' separator.
func checkProposal(p bot.Proposal) error {
	v := p.Values
	return checkText("Proposal", fmt.Sprint(p.ID), v.Person, p.PersonID, v.Strategy, p.StrategyID, v.Stance, v.Text,
		v.Fidelity, v.URL, v.SourceType, v.Title, v.Publisher, v.Date, v.Context, p.By.UserID, p.ChannelID)
}

// readProposal reads one proposal inside a transaction.
func readProposal(ctx context.Context, tx *sql.Tx, id int64) (bot.Proposal, error) {
	var x proposalScan
	switch ok, err := scanOne(tx.QueryRowContext(ctx, `SELECT `+proposalCols+` FROM proposals WHERE id = ?`, id), x.dest()...); {
	case err != nil:
		return bot.Proposal{}, err
	case !ok:
		return bot.Proposal{}, bot.Errorf(bot.ENOTFOUND, "No proposal #%d.", id)
	}
	return x.proposal()
}

// readPending reads one proposal inside a transaction, refusing one that
// is not pending review.
func readPending(ctx context.Context, tx *sql.Tx, id int64) (bot.Proposal, error) {
	p, err := readProposal(ctx, tx, id)
	if err != nil {
		return bot.Proposal{}, err
	}
	if p.Status != bot.ProposalPending {
		return bot.Proposal{}, bot.Errorf(bot.EINVALID, "Proposal #%d is %s, not pending.", id, p.Status)
	}
	return p, nil
}

// UpdateProposal replaces the values of a draft or pending proposal (and
// moves a draft to pending when p.Status says so), with an audit entry.
func (db *DB) UpdateProposal(ctx context.Context, p bot.Proposal, by bot.Actor, reason string) error {
	if err := checkProposal(p); err != nil {
		return fmt.Errorf("update proposal: %w", err)
	}
	err := db.Write(ctx, func(tx *sql.Tx) error {
		old, err := readProposal(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if err := undecided(old); err != nil {
			return err
		}
		submit := old.Status == bot.ProposalDraft && p.Status == bot.ProposalPending
		if !submit && p.Status != old.Status {
			return bot.Errorf(bot.EINVALID, "Proposal #%d is %s; it cannot become %s.", p.ID, old.Status, p.Status)
		}
		changed := p.Values.Diff(old.Values)
		if changed == "" && !submit && p.PersonID == old.PersonID && p.StrategyID == old.StrategyID {
			return nil
		}
		now := formatTime(db.now())
		submitted := formatTime(old.SubmittedAt)
		if submit {
			submitted = now
		}
		v := p.Values
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = ?, person = ?, person_id = ?, strategy = ?,
			strategy_id = ?, stance = ?, text = ?, fidelity = ?, url = ?, source_type = ?, source_title = ?,
			publisher = ?, source_date = ?, context = ?, submitted_at = ? WHERE id = ?`,
			string(p.Status), v.Person, p.PersonID, v.Strategy, p.StrategyID, v.Stance, v.Text, v.Fidelity, v.URL,
			v.SourceType, v.Title, v.Publisher, v.Date, v.Context, submitted, p.ID); err != nil {
			return err
		}
		action := bot.AuditEdited
		if submit {
			action = bot.AuditSubmitted
		}
		return audit(ctx, tx, bot.AuditEntry{By: by, Action: action, ProposalID: p.ID, PersonID: p.PersonID,
			Changed: changed, Reason: reason}, now)
	})
	if err != nil {
		return fmt.Errorf("update proposal %d: %w", p.ID, err)
	}
	return nil
}

// undecided refuses a proposal a moderator already decided, or an
// expired draft.
func undecided(p bot.Proposal) error {
	switch p.Status {
	case bot.ProposalApproved, bot.ProposalRejected:
		return bot.Errorf(bot.EINVALID, "Proposal #%d was already %s by %s.", p.ID, p.Status, p.DecidedBy)
	case bot.ProposalExpired:
		return bot.Errorf(bot.EINVALID, "Draft #%d expired: %s.", p.ID, p.Reason)
	}
	return nil
}

// An expired draft is stored as status 'draft' with decided_at set: the
// status CHECK of migration 0008 has no 'expired', and the row keeps what
// its proposer typed. statusWhere is the condition of a status.
func statusWhere(status bot.ProposalStatus) (string, string) {
	switch status {
	case bot.ProposalDraft:
		return `status = ? AND decided_at = ''`, string(status)
	case bot.ProposalExpired:
		return `status = ? AND decided_at <> ''`, string(bot.ProposalDraft)
	}
	return `status = ?`, string(status)
}

// ExpireDrafts marks expired every draft created before the time, each
// with an audit entry.
func (db *DB) ExpireDrafts(ctx context.Context, createdBefore time.Time, by bot.Actor, reason string) (int, error) {
	if err := checkText("Expiry", "", reason); err != nil {
		return 0, fmt.Errorf("expire drafts: %w", err)
	}
	var n int
	err := db.Write(ctx, func(tx *sql.Tx) error {
		where, status := statusWhere(bot.ProposalDraft)
		rows, err := tx.QueryContext(ctx, `SELECT id, person_id FROM proposals WHERE `+where+` AND created_at < ?
			ORDER BY id`, status, formatTime(createdBefore))
		var (
			drafts []bot.Proposal
			p      bot.Proposal
		)
		if err := queryAll(rows, err, []any{&p.ID, &p.PersonID}, func() error {
			drafts = append(drafts, p)
			return nil
		}); err != nil {
			return err
		}
		now := formatTime(db.now())
		for _, p := range drafts {
			if _, err := tx.ExecContext(ctx, `UPDATE proposals SET decided_by = ?, decided_at = ?, reason = ?
				WHERE id = ?`, by.String(), now, reason, p.ID); err != nil {
				return err
			}
			if err := audit(ctx, tx, bot.AuditEntry{By: by, Action: bot.AuditExpired, ProposalID: p.ID,
				PersonID: p.PersonID, Changed: "status: draft → expired", Reason: reason}, now); err != nil {
				return err
			}
		}
		n = len(drafts)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("expire drafts: %w", err)
	}
	return n, nil
}

// Proposal returns one proposal; a missing one is ENOTFOUND.
func (db *DB) Proposal(ctx context.Context, id int64) (bot.Proposal, error) {
	var p bot.Proposal
	err := db.Read(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = readProposal(ctx, tx, id)
		return err
	})
	if err != nil {
		return bot.Proposal{}, fmt.Errorf("proposal %d: %w", id, err)
	}
	return p, nil
}

// Proposals returns the proposals with the status, oldest first.
func (db *DB) Proposals(ctx context.Context, status bot.ProposalStatus) ([]bot.Proposal, error) {
	var out []bot.Proposal
	err := db.Read(ctx, func(tx *sql.Tx) error {
		var x proposalScan
		where, arg := statusWhere(status)
		rows, err := tx.QueryContext(ctx, `SELECT `+proposalCols+` FROM proposals WHERE `+where+` ORDER BY id`, arg)
		out, err = collect(rows, err, x.dest(), x.proposal)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("proposals %s: %w", status, err)
	}
	return out, nil
}

// ProposalsSince counts the proposals by submitted for review since the time.
func (db *DB) ProposalsSince(ctx context.Context, by bot.Actor, since time.Time) (int, error) {
	var n int
	err := db.Read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM proposals WHERE platform = ? AND user_id = ?
			AND submitted_at <> '' AND submitted_at >= ?`, string(by.Platform), by.UserID, formatTime(since)).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count proposals: %w", err)
	}
	return n, nil
}

// ApproveProposal imports ds and marks the pending proposal approved, in
// one transaction, with an audit entry.
func (db *DB) ApproveProposal(ctx context.Context, id int64, by bot.Actor, ds bot.Dataset) (bot.Proposal, error) {
	if len(ds.Quotes) != 1 {
		return bot.Proposal{}, fmt.Errorf("approve proposal %d: want one quote, got %d", id, len(ds.Quotes))
	}
	ds, err := normalizeDataset(ds)
	if err != nil {
		return bot.Proposal{}, fmt.Errorf("approve proposal %d: %w", id, err)
	}
	var p bot.Proposal
	err = db.Write(ctx, func(tx *sql.Tx) error {
		if p, err = readPending(ctx, tx, id); err != nil {
			return err
		}
		at := db.now().UTC()
		now := formatTime(at)
		var rep bot.ImportReport
		im := newImporter(ctx, tx, now, &rep, bot.ImportOptions{})
		defer im.close()
		if err := im.run(ds); err != nil {
			return err
		}
		q := ds.Quotes[0]
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = 'approved', person_id = ?, decided_by = ?,
			decided_at = ?, quote_id = ? WHERE id = ?`, q.PersonID, by.String(), now, q.ID, id); err != nil {
			return err
		}
		p.Status, p.PersonID, p.DecidedBy, p.QuoteID = bot.ProposalApproved, q.PersonID, by, q.ID
		p.DecidedAt = at
		return audit(ctx, tx, bot.AuditEntry{By: by, Action: bot.AuditApproved, ProposalID: id, QuoteID: q.ID,
			PersonID: q.PersonID, Changed: importedText(rep)}, now)
	})
	if err != nil {
		return bot.Proposal{}, fmt.Errorf("approve proposal %d: %w", id, err)
	}
	return p, nil
}

// importedText says what an approval recorded.
func importedText(rep bot.ImportReport) string {
	s := "status: pending → approved; new quote"
	if rep.Added.People > 0 {
		s += "; new person"
	}
	switch {
	case rep.Added.Stances > 0:
		s += "; new stance"
	case rep.Changed.Stances > 0:
		s += "; stance changed"
	}
	return s
}

// RejectProposal marks a pending proposal rejected, with an audit entry.
func (db *DB) RejectProposal(ctx context.Context, id int64, by bot.Actor, reason string) (bot.Proposal, error) {
	if err := checkText("Rejection", fmt.Sprint(id), reason); err != nil {
		return bot.Proposal{}, fmt.Errorf("reject proposal %d: %w", id, err)
	}
	var p bot.Proposal
	err := db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = readPending(ctx, tx, id); err != nil {
			return err
		}
		at := db.now().UTC()
		now := formatTime(at)
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = 'rejected', decided_by = ?, decided_at = ?,
			reason = ? WHERE id = ?`, by.String(), now, reason, id); err != nil {
			return err
		}
		p.Status, p.DecidedBy, p.Reason = bot.ProposalRejected, by, reason
		p.DecidedAt = at
		return audit(ctx, tx, bot.AuditEntry{By: by, Action: bot.AuditRejected, ProposalID: id, PersonID: p.PersonID,
			Changed: "status: pending → rejected", Reason: reason}, now)
	})
	if err != nil {
		return bot.Proposal{}, fmt.Errorf("reject proposal %d: %w", id, err)
	}
	return p, nil
}

// disputeCols are a dispute's columns, in disputeScan's order.
const disputeCols = `id, quote_id, status, reason, platform, user_id, channel_id, opened_at, resolved_by,
	resolved_at, resolution, new_quote_id`

// disputeScan receives disputeCols.
type disputeScan struct {
	d                                                  bot.Dispute
	status, platform, userID, openedAt, by, resolvedAt string
}

func (x *disputeScan) dest() []any {
	d := &x.d
	return []any{&d.ID, &d.QuoteID, &x.status, &d.Reason, &x.platform, &x.userID, &d.ChannelID, &x.openedAt,
		&x.by, &x.resolvedAt, &d.Resolution, &d.NewQuoteID}
}

func (x *disputeScan) dispute() (bot.Dispute, error) {
	d := x.d
	d.Status = bot.DisputeStatus(x.status)
	d.By = bot.Actor{Platform: bot.Platform(x.platform), UserID: x.userID}
	if x.by != "" {
		d.ResolvedBy = bot.ParseActor(x.by)
	}
	if err := parseTimes(storedTime{&d.OpenedAt, x.openedAt}, storedTime{&d.ResolvedAt, x.resolvedAt}); err != nil {
		return bot.Dispute{}, fmt.Errorf("dispute %d: %w", d.ID, err)
	}
	return d, nil
}

// readDispute reads one dispute inside a transaction.
func readDispute(ctx context.Context, tx *sql.Tx, id int64) (bot.Dispute, error) {
	var x disputeScan
	switch ok, err := scanOne(tx.QueryRowContext(ctx, `SELECT `+disputeCols+` FROM disputes WHERE id = ?`, id), x.dest()...); {
	case err != nil:
		return bot.Dispute{}, err
	case !ok:
		return bot.Dispute{}, bot.Errorf(bot.ENOTFOUND, "No dispute #%d.", id)
	}
	return x.dispute()
}

// readQuote reads one current quote inside a transaction.
func readQuote(ctx context.Context, tx *sql.Tx, id string) (bot.Quote, error) {
	var x quoteScan
	switch ok, err := scanOne(tx.QueryRowContext(ctx, `SELECT `+quoteRow+` FROM quotes q WHERE q.id = ? AND q.retracted_seq = 0`,
		id), x.dest()...); {
	case err != nil:
		return bot.Quote{}, err
	case !ok:
		return bot.Quote{}, bot.Errorf(bot.ENOTFOUND, "No quote with id %q.", id)
	}
	return x.quote()
}

// OpenDispute records a dispute of a current quote, with an audit entry.
func (db *DB) OpenDispute(ctx context.Context, d bot.Dispute) (bot.Dispute, error) {
	if err := checkText("Dispute", d.QuoteID, d.Reason, d.By.UserID, d.ChannelID); err != nil {
		return bot.Dispute{}, fmt.Errorf("open dispute: %w", err)
	}
	err := db.Write(ctx, func(tx *sql.Tx) error {
		q, err := readQuote(ctx, tx, d.QuoteID)
		if err != nil {
			return err
		}
		if q.Dispute != nil {
			return bot.Errorf(bot.EINVALID, "This quote is already disputed and under review (dispute #%d).", q.Dispute.ID)
		}
		at := db.now().UTC()
		now := formatTime(at)
		res, err := tx.ExecContext(ctx, `INSERT INTO disputes (quote_id, status, reason, platform, user_id, channel_id,
			opened_at, resolved_by, resolved_at, resolution, new_quote_id) VALUES (?, 'open', ?, ?, ?, ?, ?, '', '', '', '')`,
			d.QuoteID, d.Reason, string(d.By.Platform), d.By.UserID, d.ChannelID, now)
		if err != nil {
			return err
		}
		if d.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		d.Status = bot.DisputeOpen
		d.OpenedAt = at
		return audit(ctx, tx, bot.AuditEntry{By: d.By, Action: bot.AuditDisputed, DisputeID: d.ID, QuoteID: d.QuoteID,
			PersonID: q.PersonID, Changed: "under review", Reason: d.Reason}, now)
	})
	if err != nil {
		return bot.Dispute{}, fmt.Errorf("open dispute: %w", err)
	}
	return d, nil
}

// Dispute returns one dispute; a missing one is ENOTFOUND.
func (db *DB) Dispute(ctx context.Context, id int64) (bot.Dispute, error) {
	var d bot.Dispute
	err := db.Read(ctx, func(tx *sql.Tx) error {
		var err error
		d, err = readDispute(ctx, tx, id)
		return err
	})
	if err != nil {
		return bot.Dispute{}, fmt.Errorf("dispute %d: %w", id, err)
	}
	return d, nil
}

// OpenDisputes returns the disputes under review, oldest first.
func (db *DB) OpenDisputes(ctx context.Context) ([]bot.Dispute, error) {
	var out []bot.Dispute
	err := db.Read(ctx, func(tx *sql.Tx) error {
		var x disputeScan
		rows, err := tx.QueryContext(ctx, `SELECT `+disputeCols+` FROM disputes WHERE status = 'open' ORDER BY id`)
		out, err = collect(rows, err, x.dest(), x.dispute)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open disputes: %w", err)
	}
	return out, nil
}

// disputesSinceQuery counts the disputes one person opened from a time on,
// through the index disputes_user (migration 0010).
const disputesSinceQuery = `SELECT count(*) FROM disputes WHERE platform = ?1 AND user_id = ?2 AND opened_at >= ?3`

// DisputesSince counts the disputes by opened since the time.
func (db *DB) DisputesSince(ctx context.Context, by bot.Actor, since time.Time) (int, error) {
	var n int
	err := db.Read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, disputesSinceQuery, string(by.Platform), by.UserID, formatTime(since)).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count disputes: %w", err)
	}
	return n, nil
}

// ResolveDispute resolves an open dispute (see bot.Community), with an
// audit entry saying what changed.
func (db *DB) ResolveDispute(ctx context.Context, id int64, status bot.DisputeStatus, by bot.Actor, reason string,
	corrected *bot.Quote) (bot.Dispute, error) {
	if (status == bot.DisputeCorrected) != (corrected != nil) {
		return bot.Dispute{}, fmt.Errorf("resolve dispute %d: a correction, and only a correction, needs the corrected quote", id)
	}
	if err := checkText("Resolution", fmt.Sprint(id), reason); err != nil {
		return bot.Dispute{}, fmt.Errorf("resolve dispute %d: %w", id, err)
	}
	var ds bot.Dataset
	if corrected != nil {
		var err error
		if ds, err = normalizeDataset(bot.Dataset{Quotes: []bot.Quote{*corrected}}); err != nil {
			return bot.Dispute{}, fmt.Errorf("resolve dispute %d: %w", id, err)
		}
	}
	var d bot.Dispute
	err := db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if d, err = readDispute(ctx, tx, id); err != nil {
			return err
		}
		if d.Status != bot.DisputeOpen {
			return bot.Errorf(bot.EINVALID, "Dispute #%d was already resolved (%s) by %s.", id, d.Status, d.ResolvedBy)
		}
		old, err := readQuote(ctx, tx, d.QuoteID)
		if bot.ErrorCode(err) == bot.ENOTFOUND && status == bot.DisputeDismissed {
			// Retracted since it was disputed: the dispute can still be dismissed.
			old = bot.Quote{ID: d.QuoteID}
			err = tx.QueryRowContext(ctx, `SELECT person_id FROM quotes WHERE id = ?`, d.QuoteID).Scan(&old.PersonID)
		}
		if err != nil {
			return err
		}
		at := db.now().UTC()
		now := formatTime(at)
		verdict := bot.Verdict{By: by.String(), On: bot.Date{Year: at.Year(), Month: int(at.Month()), Day: at.Day()}, Reason: reason}
		changed := "dispute: open → " + string(status)
		switch status {
		case bot.DisputeVerified, bot.DisputeMisattributed:
			v := bot.Verification(status)
			if err := setVerification(ctx, tx, old.ID, v, verdict, now); err != nil {
				return err
			}
			changed += "; verification: " + old.Verification.String() + " → " + v.String()
		case bot.DisputeCorrected:
			q := ds.Quotes[0]
			q.Verification, q.Verdict = bot.VerificationVerified, verdict
			if q.Provenance == nil {
				q.Provenance = old.Provenance
			}
			var rep bot.ImportReport
			im := newImporter(ctx, tx, now, &rep, bot.ImportOptions{})
			defer im.close()
			if err := im.apply(bot.Dataset{Quotes: []bot.Quote{q}}); err != nil {
				return err
			}
			if q.ID != old.ID {
				if err := im.retractQuote(old.PersonID, old.StrategyID, old.ID); err != nil {
					return err
				}
			}
			if err := im.recountQuotes(); err != nil { // once, for the new version and the old
				return err
			}
			d.NewQuoteID = q.ID
			changed += "\n" + quoteDiff(old, q)
		case bot.DisputeDismissed:
		default:
			return bot.Errorf(bot.EINVALID, "A dispute is resolved as verified, corrected, misattributed or dismissed, not %q.", status)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE disputes SET status = ?, resolved_by = ?, resolved_at = ?,
			resolution = ?, new_quote_id = ? WHERE id = ?`, string(status), by.String(), now, reason, d.NewQuoteID, id); err != nil {
			return err
		}
		d.Status, d.ResolvedBy, d.ResolvedAt, d.Resolution = status, by, at, reason
		return audit(ctx, tx, bot.AuditEntry{By: by, Action: bot.AuditResolved, DisputeID: id, QuoteID: old.ID,
			PersonID: old.PersonID, Changed: changed, Reason: reason}, now)
	})
	if err != nil {
		return bot.Dispute{}, fmt.Errorf("resolve dispute %d: %w", id, err)
	}
	return d, nil
}

// quoteDiff says how a corrected quote differs from the old one, one
// "field: old → new" line each.
func quoteDiff(old, q bot.Quote) string {
	return bot.DiffFields([][3]string{
		{"quote", old.ID, q.ID},
		{"text", old.Text, q.Text},
		{"fidelity", string(old.Fidelity), string(q.Fidelity)},
		{"url", old.Source.URL, q.Source.URL},
		{"type", old.Source.Type, q.Source.Type},
		{"title", old.Source.Title, q.Source.Title},
		{"publisher", old.Source.Publisher, q.Source.Publisher},
		{"date", old.Source.Date.String(), q.Source.Date.String()},
		{"context", old.Context, q.Context},
	})
}

// auditCols are an audit entry's columns, in auditScan's order.
const auditCols = `seq, at, platform, user_id, action, proposal_id, dispute_id, quote_id, person_id, changed, reason`

// Audit returns the audit log from since on (zero: all), oldest first.
func (db *DB) Audit(ctx context.Context, since time.Time) ([]bot.AuditEntry, error) {
	return db.readAudit(ctx, `SELECT `+auditCols+` FROM audit WHERE at >= ? ORDER BY seq`, formatTime(since))
}

// PersonAudit returns the audit entries about one person, oldest first.
func (db *DB) PersonAudit(ctx context.Context, personID string) ([]bot.AuditEntry, error) {
	return db.readAudit(ctx, `SELECT `+auditCols+` FROM audit WHERE person_id = ? ORDER BY seq`, personID)
}

func (db *DB) readAudit(ctx context.Context, query string, arg string) ([]bot.AuditEntry, error) {
	var out []bot.AuditEntry
	err := db.Read(ctx, func(tx *sql.Tx) error {
		var (
			e                    bot.AuditEntry
			at, platform, action string
		)
		rows, err := tx.QueryContext(ctx, query, arg)
		return queryAll(rows, err, []any{&e.Seq, &at, &platform, &e.By.UserID, &action, &e.ProposalID, &e.DisputeID,
			&e.QuoteID, &e.PersonID, &e.Changed, &e.Reason}, func() error {
			var err error
			if e.At, err = parseTime(at); err != nil {
				return fmt.Errorf("audit %d: %w", e.Seq, err)
			}
			e.By.Platform, e.Action = bot.Platform(platform), bot.AuditAction(action)
			out = append(out, e)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return out, nil
}
