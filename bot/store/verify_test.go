package store

import (
	"context"
	"maps"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

func TestVerification(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds := smallDataset()
	ds.Quotes[0].Verification = bot.VerificationDisputed
	ds.Quotes[0].Verdict = bot.Verdict{By: "mods", On: bot.Date{Year: 2026, Month: 12, Day: 1}, Reason: "an abstract"}
	mustImport(t, db, ds)
	id := mustExport(t, db).Quotes[0].ID
	for _, q := range mustExport(t, db).Quotes {
		if q.Text == ds.Quotes[0].Text {
			id = q.ID
			if q.Verification != bot.VerificationDisputed || q.Verdict != ds.Quotes[0].Verdict {
				t.Errorf("stored %s %+v", q.Verification, q.Verdict)
			}
		}
	}
	// A re-import that says nothing about verification (a board export)
	// keeps the moderators' judgement and changes nothing.
	plain := smallDataset()
	if rep := mustImport(t, db, plain); rep.Changed.Total() != 0 {
		t.Errorf("re-import without verification changed %+v", rep.Changed)
	}
	if err := db.Verify(ctx, id, bot.VerificationVerified, bot.Verdict{By: "discord:42", On: bot.Date{Year: 2026, Month: 12, Day: 2}, Reason: "checked"}); err != nil {
		t.Fatal(err)
	}
	views, err := db.QuoteViews(ctx, []string{id})
	if err != nil || len(views) != 1 || views[0].Quote.Verification != bot.VerificationVerified || views[0].Quote.Verdict.By != "discord:42" {
		t.Fatalf("after Verify: %+v, %v", views, err)
	}
	hist, err := db.VerificationHistory(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[0].Status != bot.VerificationDisputed || hist[0].Via != viaImport ||
		hist[1].Status != bot.VerificationVerified || hist[1].Via != viaChat || hist[1].Verdict.Reason != "checked" {
		t.Errorf("history = %+v", hist)
	}
	if err := db.Verify(ctx, "qnope", bot.VerificationDisputed, bot.Verdict{Reason: "x"}); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("unknown quote: %v", err)
	}
	if err := db.Verify(ctx, id, "wrong", bot.Verdict{Reason: "x"}); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("unknown status: %v", err)
	}
}

func TestImportReportsBoardChanges(t *testing.T) {
	db := openTest(t)
	mustImport(t, db, smallDataset())
	ds := smallDataset()
	ds.Board.Name, ds.Board.ProfiledTotal = "Renamed", 250
	if rep := mustImport(t, db, ds); rep.Changed.Board != 1 || rep.Changed.Total() != 1 {
		t.Errorf("board change reported as %+v", rep.Changed)
	}
	if rep := mustImport(t, db, ds); rep.Changed.Total() != 0 {
		t.Errorf("same board again reported as %+v", rep.Changed)
	}
}

// TestQuoteVerifications: the light read says of every quote what its full
// card says, and nothing of an unknown id.
func TestQuoteVerifications(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds := smallDataset()
	ds.Quotes[0].Verification = bot.VerificationDisputed
	ds.Quotes[1].Verification = bot.VerificationMisattributed
	ds.Quotes[2].Verification = bot.VerificationVerified
	for i := range 3 {
		ds.Quotes[i].Verdict = bot.Verdict{By: "mods", On: bot.Date{Year: 2026, Month: 12, Day: 1}, Reason: "checked"}
	}
	mustImport(t, db, ds)
	var ids []string
	for _, q := range mustExport(t, db).Quotes {
		ids = append(ids, q.ID)
	}
	got, err := db.QuoteVerifications(ctx, append(ids, "qnope"))
	if err != nil {
		t.Fatal(err)
	}
	views, err := db.QuoteViews(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bot.Verification{}
	for _, v := range views {
		want[v.Quote.ID] = v.Quote.Verification
	}
	if !maps.Equal(got, want) {
		t.Errorf("QuoteVerifications = %v, want %v", got, want)
	}
	doubted := 0
	for _, v := range got {
		if v.IsDoubted() {
			doubted++
		}
	}
	if doubted != 2 {
		t.Errorf("%d doubted quotes, want 2: %v", doubted, got)
	}
	if none, err := db.QuoteVerifications(ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("no ids: %v, %v", none, err)
	}
}
