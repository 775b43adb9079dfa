package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/stancebot/stancebot/bot"
)

// The columns of a quote's packed row (quoteRow) added by migration 0006:
// whether its date was given at import, and its verification.
const (
	quoteTruthCols   = `q.date_supplied, q.verification, q.verified_by, q.verified_on, q.verification_reason`
	quoteTruthFields = 5
)

// Where a judgement came from, as quote_verifications.via records it.
const (
	viaImport = "import"
	viaChat   = "chat"
)

// scanQuoteTruth reads the values of quoteTruthCols into q.
func scanQuoteTruth(q *bot.Quote, f []string) error {
	q.DateSupplied = f[0] == "1"
	q.Verification = bot.Verification(f[1])
	on, err := bot.ParseDate(f[3])
	if err != nil {
		return fmt.Errorf("quote %s verified on: %w", q.ID, err)
	}
	q.Verdict = bot.Verdict{By: f[2], On: on, Reason: f[4]}
	return nil
}

// checkVerification checks a quote's status and verdict.
func checkVerification(q bot.Quote) error {
	if !slices.Contains(bot.Verifications, q.Verification) {
		return bot.Errorf(bot.EINVALID, "Quote %q of %q: unknown verification %q (want unverified, verified, disputed or misattributed).",
			q.ID, q.PersonID, q.Verification)
	}
	if d := q.Verdict.On; !d.IsZero() {
		if parsed, err := bot.ParseDate(d.String()); err != nil || parsed != d {
			return bot.Errorf(bot.EINVALID, "Quote %q of %q: invalid verification date %d-%d-%d.", q.ID, q.PersonID, d.Year, d.Month, d.Day)
		}
	}
	return checkText("Quote", q.ID, q.Verdict.By, q.Verdict.Reason)
}

// judged reports whether an imported quote says anything about its
// verification. One that does not (a board or thread export) leaves the
// stored judgement alone: moderators' work is not undone by a re-import.
func judged(q bot.Quote) bool {
	return q.Verification != bot.VerificationUnverified || !q.Verdict.IsZero()
}

// recordVerification appends a judgement to the quote's history.
func recordVerification(ctx context.Context, tx *sql.Tx, quoteID string, status bot.Verification, v bot.Verdict, via, now string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO quote_verifications (quote_id, status, verified_by, verified_on,
		reason, via, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		quoteID, string(status), v.By, v.On.String(), v.Reason, via, now); err != nil {
		return fmt.Errorf("record verification of %s: %w", quoteID, err)
	}
	return nil
}

// stanceTruth writes whether an imported stance's kind was given at import.
func (im *importer) stanceTruth(s bot.Stance) error {
	if _, err := im.exec(`UPDATE stances SET kind_supplied = ? WHERE strategy_id = ? AND person_id = ?`,
		s.KindSupplied, s.StrategyID, s.PersonID); err != nil {
		return fmt.Errorf("stance supplied: %w", err)
	}
	return nil
}

// quoteTruth writes whether an imported quote's date was given at import
// and its verification, and records a new judgement (old is the stored
// quote, zero when new) in the quote's history.
func (im *importer) quoteTruth(old, q bot.Quote) error {
	if _, err := im.exec(`UPDATE quotes SET date_supplied = ?, verification = ?, verified_by = ?, verified_on = ?,
		verification_reason = ? WHERE id = ?`, q.DateSupplied, string(q.Verification), q.Verdict.By,
		q.Verdict.On.String(), q.Verdict.Reason, q.ID); err != nil {
		return fmt.Errorf("quote verification: %w", err)
	}
	if judged(q) && (old.Verification != q.Verification || old.Verdict != q.Verdict) {
		return recordVerification(im.ctx, im.tx, q.ID, q.Verification, q.Verdict, viaImport, im.now)
	}
	return nil
}

// Verify sets a quote's verification (a moderator's chat command) and
// appends the judgement, with who, when and why, to its history. An
// unknown quote is ENOTFOUND. The quote's text and citation are untouched.
func (db *DB) Verify(ctx context.Context, quoteID string, status bot.Verification, v bot.Verdict) error {
	q := bot.Quote{ID: quoteID, Verification: status, Verdict: v}
	if err := checkVerification(q); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	err := db.Write(ctx, func(tx *sql.Tx) error {
		return setVerification(ctx, tx, quoteID, status, v, formatTime(db.now()))
	})
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	return nil
}

// setVerification sets a quote's verification from the chat (a moderator's
// command or a dispute's resolution) and appends the judgement to its
// history. An unknown quote is ENOTFOUND.
func setVerification(ctx context.Context, tx *sql.Tx, quoteID string, status bot.Verification, v bot.Verdict, now string) error {
	res, err := tx.ExecContext(ctx, `UPDATE quotes SET verification = ?, verified_by = ?, verified_on = ?,
		verification_reason = ? WHERE id = ?`, string(status), v.By, v.On.String(), v.Reason, quoteID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return bot.Errorf(bot.ENOTFOUND, "No quote with id %q.", quoteID)
	}
	return recordVerification(ctx, tx, quoteID, status, v, viaChat, now)
}

// VerificationRecord is one judgement in a quote's verification history.
type VerificationRecord struct {
	Status     bot.Verification
	Verdict    bot.Verdict
	Via        string // "import" or "chat"
	RecordedAt string // when the store recorded it (UTC text)
}

// VerificationHistory returns every judgement of a quote, oldest first.
func (db *DB) VerificationHistory(ctx context.Context, quoteID string) ([]VerificationRecord, error) {
	var out []VerificationRecord
	err := db.Read(ctx, func(tx *sql.Tx) error {
		var (
			r          VerificationRecord
			status, on string
		)
		rows, err := tx.QueryContext(ctx, `SELECT status, verified_by, verified_on, reason, via, recorded_at
			FROM quote_verifications WHERE quote_id = ? ORDER BY seq`, quoteID)
		return queryAll(rows, err, []any{&status, &r.Verdict.By, &on, &r.Verdict.Reason, &r.Via, &r.RecordedAt}, func() error {
			var err error
			r.Status = bot.Verification(status)
			if r.Verdict.On, err = bot.ParseDate(on); err != nil {
				return fmt.Errorf("verification of %s: %w", quoteID, err)
			}
			out = append(out, r)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("verification history: %w", err)
	}
	return out, nil
}

// QuoteVerifications returns the verification status of each current
// (unretracted) quote among ids, by id; unknown ids are absent.
func (db *DB) QuoteVerifications(ctx context.Context, ids []string) (map[string]bot.Verification, error) {
	out := make(map[string]bot.Verification, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	arg, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("quote verifications: %w", err)
	}
	err = db.Read(ctx, func(tx *sql.Tx) error {
		var id, status string
		rows, err := tx.StmtContext(ctx, db.reads.quoteStatuses).QueryContext(ctx, string(arg))
		return queryAll(rows, err, []any{&id, &status}, func() error {
			out[id] = bot.Verification(status)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("quote verifications: %w", err)
	}
	return out, nil
}
