package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv"
)

var (
	proposer  = bot.Actor{Platform: bot.PlatformDiscord, UserID: "u1"}
	moderator = bot.Actor{Platform: bot.PlatformDiscord, UserID: "m1"}
)

func testProposal() bot.Proposal {
	return bot.Proposal{Status: bot.ProposalDraft, By: proposer, ChannelID: "C1", Values: bot.ProposalValues{
		Person: "Yann LeCun", Strategy: "pause", Stance: "opposes", Text: "A pause would be a mistake.",
		Fidelity: "direct quote", URL: "https://example.org/lecun"}}
}

// pendingProposal opens a store with smallDataset and records
// testProposal in it, pending review: the store, the proposal and its id.
func pendingProposal(t *testing.T) (*DB, bot.Proposal, int64) {
	t.Helper()
	db := openTest(t)
	mustImport(t, db, smallDataset())
	p := testProposal()
	p.Status = bot.ProposalPending
	id, err := db.CreateProposal(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return db, p, id
}

// TestProposalLifecycle: a draft, edited and submitted, approved through
// the import path (its quote, with provenance, reaches the reads and the
// change log), with an audit entry for every step that cannot be changed.
func TestProposalLifecycle(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, smallDataset())

	id, err := db.CreateProposal(ctx, testProposal())
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.Proposal(ctx, id)
	if err != nil || p.Status != bot.ProposalDraft || p.Values != testProposal().Values || p.By != proposer || p.CreatedAt.IsZero() {
		t.Fatalf("created %+v, %v", p, err)
	}
	// Unchanged: nothing recorded.
	if err := db.UpdateProposal(ctx, p, proposer, ""); err != nil {
		t.Fatal(err)
	}
	p.Values.Publisher = "Example"
	p.Status, p.PersonID, p.StrategyID = bot.ProposalPending, "yann-lecun", "pause"
	if err := db.UpdateProposal(ctx, p, proposer, ""); err != nil {
		t.Fatal(err)
	}
	pending, err := db.Proposals(ctx, bot.ProposalPending)
	if err != nil || len(pending) != 1 || pending[0].Values.Publisher != "Example" || pending[0].SubmittedAt.IsZero() {
		t.Fatalf("pending %+v, %v", pending, err)
	}
	if n, err := db.ProposalsSince(ctx, proposer, time.Time{}); err != nil || n != 1 {
		t.Errorf("proposals since: %d, %v", n, err)
	}
	if n, err := db.ProposalsSince(ctx, moderator, time.Time{}); err != nil || n != 0 {
		t.Errorf("moderator's proposals: %d, %v", n, err)
	}

	before := mustVersion(t, db)
	prov := &bot.Provenance{ProposedBy: proposer, ProposedIn: "discord:C1", ProposedAt: p.CreatedAt,
		ApprovedBy: moderator, ApprovedAt: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)}
	q := quote("yann-lecun", "pause", p.Values.Text, bot.FidelityDirect, bot.Source{URL: p.Values.URL, Publisher: "Example"})
	q.Provenance = prov
	ds := bot.Dataset{
		Stances: []bot.Stance{{PersonID: "yann-lecun", StrategyID: "pause", Kind: bot.StanceOpposes}},
		Quotes:  []bot.Quote{q},
	}
	got, err := db.ApproveProposal(ctx, id, moderator, ds)
	if err != nil || got.Status != bot.ProposalApproved || got.QuoteID != q.ID || got.DecidedBy != moderator {
		t.Fatalf("approve: %+v, %v", got, err)
	}
	if _, err := db.ApproveProposal(ctx, id, moderator, ds); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("second approval: %v, want invalid", err)
	}
	if _, err := db.RejectProposal(ctx, id, moderator, "late"); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("rejecting an approved proposal: %v, want invalid", err)
	}
	if mustVersion(t, db) <= before {
		t.Error("approval did not advance the store's version")
	}
	changes, err := db.ChangesSince(ctx, before, 10)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, c := range changes {
		kinds = append(kinds, string(c.Kind))
	}
	if strings.Join(kinds, ",") != "stance-new,quote-new" {
		t.Errorf("changes %v, want a new stance and a new quote", kinds)
	}
	views, err := db.QuoteViews(ctx, []string{q.ID})
	if err != nil || len(views) != 1 || views[0].Quote.Provenance == nil || *views[0].Quote.Provenance != *prov {
		t.Fatalf("quote view %+v, %v", views, err)
	}
	// The provenance leaves with the data and comes back.
	var exported *bot.Quote
	ex := mustExport(t, db)
	for i := range ex.Quotes {
		if ex.Quotes[i].ID == q.ID {
			exported = &ex.Quotes[i]
		}
	}
	if exported == nil || exported.Provenance == nil || *exported.Provenance != *prov {
		t.Fatalf("exported %+v", exported)
	}
	if rep := mustImport(t, db, ex); rep.Added.Total()+rep.Changed.Total() != 0 {
		t.Errorf("re-importing the export recorded %+v %+v", rep.Added, rep.Changed)
	}

	log, err := db.Audit(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, string(e.Action)+" by "+e.By.String())
	}
	want := "proposal-drafted by discord:u1,proposal-submitted by discord:u1,proposal-approved by discord:m1"
	if strings.Join(actions, ",") != want {
		t.Errorf("audit %v, want %s", actions, want)
	}
	if !strings.Contains(log[1].Changed, `publisher: "" → "Example"`) || log[2].QuoteID != q.ID || !strings.HasPrefix(log[2].Changed, "status: pending → approved; new quote; new stance") {
		t.Errorf("audit changes %q / %q", log[1].Changed, log[2].Changed)
	}
	if mine, err := db.PersonAudit(ctx, "yann-lecun"); err != nil || len(mine) != 2 {
		t.Errorf("person audit %+v, %v", mine, err)
	}
	// The audit log is append-only, whoever writes.
	for _, stmt := range []string{`UPDATE audit SET reason = 'x'`, `DELETE FROM audit`} {
		if _, err := db.w.ExecContext(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused", stmt, err)
		}
	}
}

func TestRejectProposal(t *testing.T) {
	ctx := context.Background()
	db, p, id := pendingProposal(t)
	got, err := db.RejectProposal(ctx, id, moderator, "the link is a parody account")
	if err != nil || got.Status != bot.ProposalRejected || got.Reason != "the link is a parody account" {
		t.Fatalf("reject: %+v, %v", got, err)
	}
	p.ID, p.Values.Text = id, "changed after the decision"
	if err := db.UpdateProposal(ctx, p, proposer, ""); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("editing a rejected proposal: %v, want invalid", err)
	}
	if _, err := db.Proposal(ctx, 999); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("missing proposal: %v", err)
	}
	log, err := db.Audit(ctx, got.DecidedAt)
	if err != nil || len(log) != 1 || log[0].Action != bot.AuditRejected || log[0].Reason != "the link is a parody account" {
		t.Errorf("audit since the decision: %+v, %v", log, err)
	}
}

// TestDisputes: a dispute marks the quote under review; each resolution
// does what it says and keeps the history.
func TestDisputes(t *testing.T) {
	ctx := context.Background()
	ds := smallDataset()
	orig := ds.Quotes[0]
	for _, tc := range []struct {
		status bot.DisputeStatus
		verify bot.Verification // the quote's verification after
	}{
		{bot.DisputeVerified, bot.VerificationVerified},
		{bot.DisputeMisattributed, bot.VerificationMisattributed},
		{bot.DisputeDismissed, bot.VerificationUnverified},
		{bot.DisputeCorrected, bot.VerificationVerified},
	} {
		t.Run(string(tc.status), func(t *testing.T) {
			db := openTest(t)
			mustImport(t, db, ds)
			d, err := db.OpenDispute(ctx, bot.Dispute{QuoteID: orig.ID, Reason: "not what the tweet says", By: proposer, ChannelID: "C1"})
			if err != nil || d.ID == 0 || d.Status != bot.DisputeOpen {
				t.Fatalf("open: %+v, %v", d, err)
			}
			if _, err := db.OpenDispute(ctx, bot.Dispute{QuoteID: orig.ID, Reason: "again", By: proposer}); bot.ErrorCode(err) != bot.EINVALID {
				t.Errorf("second dispute: %v, want invalid", err)
			}
			if _, err := db.OpenDispute(ctx, bot.Dispute{QuoteID: "qnope", Reason: "x", By: proposer}); bot.ErrorCode(err) != bot.ENOTFOUND {
				t.Errorf("dispute of no quote: %v", err)
			}
			views, err := db.QuoteViews(ctx, []string{orig.ID})
			if err != nil || views[0].Quote.Dispute == nil || views[0].Quote.Dispute.Reason != "not what the tweet says" {
				t.Fatalf("under review: %+v, %v", views, err)
			}
			open, err := db.OpenDisputes(ctx)
			if err != nil || len(open) != 1 || open[0].ID != d.ID {
				t.Fatalf("open disputes %+v, %v", open, err)
			}
			var corrected *bot.Quote
			if tc.status == bot.DisputeCorrected {
				q := quote(orig.PersonID, orig.StrategyID, "Open research is how we make AI safer.", orig.Fidelity, orig.Source)
				corrected = &q
			}
			got, err := db.ResolveDispute(ctx, d.ID, tc.status, moderator, "checked the source", corrected)
			if err != nil || got.Status != tc.status || got.ResolvedBy != moderator {
				t.Fatalf("resolve: %+v, %v", got, err)
			}
			if _, err := db.ResolveDispute(ctx, d.ID, bot.DisputeDismissed, moderator, "again", nil); bot.ErrorCode(err) != bot.EINVALID {
				t.Errorf("second resolution: %v, want invalid", err)
			}
			id := orig.ID
			if corrected != nil {
				id = corrected.ID
				if got.NewQuoteID != id {
					t.Errorf("new quote %q, want %q", got.NewQuoteID, id)
				}
				if old, err := db.QuoteViews(ctx, []string{orig.ID}); err != nil || len(old) != 0 {
					t.Errorf("the old version is still current: %+v, %v", old, err)
				}
			}
			rep, err := db.StrategyReport(ctx, orig.StrategyID)
			if err != nil {
				t.Fatal(err)
			}
			for _, ps := range rep.Stances {
				if ps.Person.ID == orig.PersonID && ps.Quotes != 2 {
					t.Errorf("%s has %d quotes on %s after the resolution, want 2", ps.Person.ID, ps.Quotes, orig.StrategyID)
				}
			}
			views, err = db.QuoteViews(ctx, []string{id})
			if err != nil || len(views) != 1 || views[0].Quote.Dispute != nil || views[0].Quote.Verification != tc.verify {
				t.Fatalf("after %s: %+v, %v", tc.status, views, err)
			}
			log, err := db.Audit(ctx, time.Time{})
			if err != nil || len(log) < 2 {
				t.Fatalf("audit %+v, %v", log, err)
			}
			last := log[len(log)-1]
			if last.Action != bot.AuditResolved || !strings.HasPrefix(last.Changed, "dispute: open → "+string(tc.status)) ||
				last.Reason != "checked the source" {
				t.Errorf("audit %+v", last)
			}
			if corrected != nil && !strings.Contains(last.Changed, `text: "Open research is how we make AI safe." → "Open research is how we make AI safer."`) {
				t.Errorf("correction audit %q keeps no old text", last.Changed)
			}
		})
	}
}

// TestApproveConcurrently: two moderators approving one proposal at once
// record it once; the other is told it is no longer pending.
func TestApproveConcurrently(t *testing.T) {
	ctx := context.Background()
	db, p, id := pendingProposal(t)
	q := quote("yann-lecun", "pause", p.Values.Text, bot.FidelityDirect, bot.Source{URL: p.Values.URL})
	ds := bot.Dataset{Stances: []bot.Stance{{PersonID: "yann-lecun", StrategyID: "pause", Kind: bot.StanceOpposes}}, Quotes: []bot.Quote{q}}
	errs := make(chan error, 2)
	for _, m := range []string{"m1", "m2"} {
		go func() {
			_, err := db.ApproveProposal(ctx, id, bot.Actor{Platform: bot.PlatformSlack, UserID: m}, ds)
			errs <- err
		}()
	}
	var ok, refused int
	for range 2 {
		switch err := <-errs; {
		case err == nil:
			ok++
		case bot.ErrorCode(err) == bot.EINVALID:
			refused++
		default:
			t.Errorf("approval: %v", err)
		}
	}
	if ok != 1 || refused != 1 {
		t.Errorf("%d approvals, %d refused; want one each", ok, refused)
	}
	log, err := db.Audit(ctx, time.Time{})
	if err != nil || len(log) != 2 || log[1].Action != bot.AuditApproved {
		t.Errorf("audit %+v, %v", log, err)
	}
}

// TestExpireDrafts: drafts created before the time are marked expired
// with an audit entry each, keeping their values; a later draft and a
// pending proposal are not; an expired draft is no longer updated nor
// listed with the drafts; expiring again changes nothing.
func TestExpireDrafts(t *testing.T) {
	ctx := context.Background()
	clock := testenv.NewClock(time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC), 0)
	db, err := Open(ctx, filepath.Join(t.TempDir(), "store.db"), Options{Now: clock.Now, Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	old, err := db.CreateProposal(ctx, testProposal())
	if err != nil {
		t.Fatal(err)
	}
	pending := testProposal()
	pending.Status = bot.ProposalPending
	if _, err := db.CreateProposal(ctx, pending); err != nil {
		t.Fatal(err)
	}
	clock.Add(48 * time.Hour)
	young, err := db.CreateProposal(ctx, testProposal())
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(time.Hour)
	cutoff := clock.Now().Add(-24 * time.Hour)
	for _, want := range []int{1, 0} { // the second time, nothing is left to expire
		n, err := db.ExpireDrafts(ctx, cutoff, bot.BotActor, "not submitted within a day")
		if err != nil || n != want {
			t.Fatalf("expired %d, %v; want %d", n, err, want)
		}
	}
	p, err := db.Proposal(ctx, old)
	if err != nil || p.Status != bot.ProposalExpired || p.Values != testProposal().Values || p.DecidedBy != bot.BotActor ||
		!p.DecidedAt.Equal(clock.Now()) || p.Reason != "not submitted within a day" {
		t.Errorf("expired draft %+v, %v", p, err)
	}
	if drafts, err := db.Proposals(ctx, bot.ProposalDraft); err != nil || len(drafts) != 1 || drafts[0].ID != young {
		t.Errorf("drafts %+v, %v", drafts, err)
	}
	if expired, err := db.Proposals(ctx, bot.ProposalExpired); err != nil || len(expired) != 1 || expired[0].ID != old {
		t.Errorf("expired %+v, %v", expired, err)
	}
	if ps, err := db.Proposals(ctx, bot.ProposalPending); err != nil || len(ps) != 1 {
		t.Errorf("pending %+v, %v", ps, err)
	}
	p.Status = bot.ProposalDraft
	p.Values.Date = "2024"
	if err := db.UpdateProposal(ctx, p, proposer, ""); bot.ErrorCode(err) != bot.EINVALID || !strings.Contains(err.Error(), "expired") {
		t.Errorf("updating an expired draft: %v", err)
	}
	log, err := db.Audit(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	last := log[len(log)-1]
	if last.Action != bot.AuditExpired || last.ProposalID != old || last.By != bot.BotActor || last.Changed != "status: draft → expired" {
		t.Errorf("audit %+v", last)
	}
}

// TestQuotesSinceReadsNoCommunity: the index's catch-up read leaves out
// the community's columns (provenance and the open dispute, two subqueries
// per quote) and reads the quote's own values as every other read does.
func TestQuotesSinceReadsNoCommunity(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds := smallDataset()
	ds.Quotes[0].Provenance = &bot.Provenance{ProposedBy: proposer, ProposedIn: "discord:C1",
		ProposedAt: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), ApprovedBy: moderator,
		ApprovedAt: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}
	mustImport(t, db, ds)
	q := ds.Quotes[0]
	if _, err := db.OpenDispute(ctx, bot.Dispute{QuoteID: q.ID, Reason: "not what was said", By: proposer}); err != nil {
		t.Fatal(err)
	}
	views, err := db.QuoteViews(ctx, []string{q.ID})
	if err != nil || len(views) != 1 || views[0].Quote.Provenance == nil || views[0].Quote.Dispute == nil {
		t.Fatalf("quote view %+v, %v; want one with provenance and a dispute", views, err)
	}
	want := views[0].Quote
	want.Provenance, want.Dispute = nil, nil
	since, err := db.QuotesSince(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sq := range since {
		if sq.Quote.ID == q.ID {
			found = true
			if !reflect.DeepEqual(sq.Quote, want) {
				t.Errorf("QuotesSince read\n %+v\nwant\n %+v", sq.Quote, want)
			}
		}
	}
	if !found {
		t.Fatalf("QuotesSince has no %s", q.ID)
	}
	if plan := queryPlan(t, db, quotesSinceQuery, 0, -1); strings.Contains(plan, "SUBQUERY") {
		t.Errorf("plan of QuotesSince runs subqueries: %s", plan)
	}
}

// TestCorrectionRecountsOnce: a correction that replaces a quote by a new
// version recounts its person's quotes once (TestDisputes checks the
// counts it leaves).
func TestCorrectionRecountsOnce(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds := smallDataset()
	mustImport(t, db, ds)
	orig := ds.Quotes[0]
	var stances int
	for _, s := range ds.Stances {
		if s.PersonID == orig.PersonID {
			stances++
		}
	}
	// Every row a recount updates, counted on the writer's connection.
	err := db.Write(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`CREATE TEMP TABLE recounted (person_id TEXT NOT NULL)`,
			`CREATE TEMP TRIGGER count_recounts AFTER UPDATE OF quotes ON main.stances
			BEGIN INSERT INTO recounted VALUES (new.person_id); END`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.OpenDispute(ctx, bot.Dispute{QuoteID: orig.ID, Reason: "misquoted", By: proposer})
	if err != nil {
		t.Fatal(err)
	}
	q := quote(orig.PersonID, orig.StrategyID, "Open research is how we make AI safer.", orig.Fidelity, orig.Source)
	if _, err := db.ResolveDispute(ctx, d.ID, bot.DisputeCorrected, moderator, "checked", &q); err != nil {
		t.Fatal(err)
	}
	var rows int
	err = db.Write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM recounted WHERE person_id = ?`, orig.PersonID).Scan(&rows)
	})
	if err != nil {
		t.Fatal(err)
	}
	if rows != stances {
		t.Errorf("the correction recounted %d stance rows of %s, want %d (its %d stances, once)", rows, orig.PersonID, stances, stances)
	}
}
