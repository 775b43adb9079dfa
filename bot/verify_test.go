package bot_test

import (
	"context"
	"strings"
	"testing"

	. "github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
	"github.com/stancebot/stancebot/seeds"
)

func TestVerifyCommand(t *testing.T) {
	ds, err := seeds.Default()
	if err != nil {
		t.Fatal(err)
	}
	db := realdata.Store(t, "", nil, ds)
	x := realdata.Index(t, db)
	b, _ := newBot(t, db, Options{Index: x})
	if err := b.Register(b.VerifyCommand(db)); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const wolf = "qcbcdd25b21a8884" // Thomas Wolf's post, unverified in the embedded dataset
	line := "/verify " + wolf + " status:misattributed the account is a parody"

	r := b.HandleLine(ctx, line, Request{Platform: PlatformDiscord, UserID: "u1", CanManageChannel: false})
	if r.Error != EUNAUTHORIZED {
		t.Fatalf("without Manage Channels: %+v, want %s", r, EUNAUTHORIZED)
	}
	r = b.HandleLine(ctx, line, Request{Platform: PlatformDiscord, UserID: "u1", CanManageChannel: true})
	if r.Error != "" || len(r.Cards) != 1 || len(r.Cards[0].Quotes) != 1 {
		t.Fatalf("moderator: %+v", r)
	}
	qb := r.Cards[0].Quotes[0]
	if qb.Verification != VerificationMisattributed ||
		!strings.Contains(qb.Note, "⚠ Misattributed, a moderator found (2026-11-22): the account is a parody.") {
		t.Errorf("card verification %q, note %q", qb.Verification, qb.Note)
	}
	hist, err := db.VerificationHistory(ctx, wolf)
	if err != nil || len(hist) != 1 || hist[0].Verdict.By != "discord:u1" || hist[0].Verdict.Reason != "the account is a parody" {
		t.Errorf("history %+v, %v", hist, err)
	}
	// Misattributed now: never the top /quote answer while another matches.
	top := ask(t, b, "/quote civilizational resilience humanity access intelligence")
	if top.Error != "" || top.Cards[0].Quotes[0].QuoteID == wolf {
		t.Errorf("top answer after the judgement: %+v", top)
	}
	for _, bad := range []struct{ line, code string }{
		{"/verify " + wolf + " status:bogus a reason", EINVALID},
		{"/verify qnope status:verified a reason", ENOTFOUND},
	} {
		if r := b.HandleLine(ctx, bad.line, Request{Platform: PlatformConsole, CanManageChannel: true}); r.Error != bad.code {
			t.Errorf("%s: error %q, want %q", bad.line, r.Error, bad.code)
		}
	}
}
