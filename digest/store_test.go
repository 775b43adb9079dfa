package digest

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

// openDigestStore opens a store in a fresh file with one strategy, one
// person and one stance, so that its Version is past 0.
func openDigestStore(t *testing.T) (*SQLStore, *testenv.Clock, string) {
	t.Helper()
	clk := testenv.NewClock(time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC), 0)
	path := filepath.Join(t.TempDir(), "stancebot.db")
	db := reopenDigestStore(t, path, clk)
	_, err := db.Import(context.Background(), bot.Dataset{
		Strategies: []bot.Strategy{{ID: "open-source", Name: "Open source"}},
		People:     []bot.Person{{ID: "andrew-ng", Name: "Andrew Ng"}},
		Stances:    []bot.Stance{{PersonID: "andrew-ng", StrategyID: "open-source", Kind: bot.StanceEndorses}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, clk, path
}

func reopenDigestStore(t *testing.T, path string, clk *testenv.Clock) *SQLStore {
	t.Helper()
	return NewStore(realdata.Store(t, path, clk.Now))
}

func TestDigestMigration(t *testing.T) {
	db, clk, path := openDigestStore(t)
	ctx := context.Background()
	v, err := db.SchemaVersion(ctx)
	if err != nil || v < 2 {
		t.Fatalf("schema version %d, %v; want at least 2 (0002_digest)", v, err)
	}
	if _, _, err := db.SaveDigestSubscription(ctx, Subscription{
		Platform: bot.PlatformSlack, ChannelID: "C1", At: "09:00", Zone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	// Reopening an existing database applies nothing and keeps the rows.
	db2 := reopenDigestStore(t, path, clk)
	if n, err := db2.Migrate(ctx); err != nil || n != 0 {
		t.Fatalf("Migrate on a migrated database applied %d, %v", n, err)
	}
	if _, err := db2.DigestSubscription(ctx, bot.PlatformSlack, "C1"); err != nil {
		t.Fatal(err)
	}
}

func TestDigestSubscriptionLifecycle(t *testing.T) {
	db, clk, _ := openDigestStore(t)
	ctx := context.Background()
	version, err := db.Version(ctx)
	if err != nil || version == 0 {
		t.Fatalf("version %d, %v", version, err)
	}
	created := clk.Now()
	sub, isNew, err := db.SaveDigestSubscription(ctx, Subscription{
		Platform: bot.PlatformDiscord, ChannelID: "123", At: "09:00", Zone: "Europe/Paris",
		Strategies: []string{"open-source"}})
	if err != nil {
		t.Fatal(err)
	}
	if !isNew || sub.Watermark != version || !sub.CreatedAt.Equal(created) || sub.LastDate != "" {
		t.Fatalf("new subscription = %+v (new %v); want watermark %d, created %v", sub, isNew, version, created)
	}

	clk.Add(time.Hour)
	if _, err := db.Import(ctx, bot.Dataset{People: []bot.Person{{ID: "yann-lecun", Name: "Yann LeCun"}}}); err != nil {
		t.Fatal(err)
	}
	sub, isNew, err = db.SaveDigestSubscription(ctx, Subscription{
		Platform: bot.PlatformDiscord, ChannelID: "123", At: "07:30", Zone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	if isNew || sub.Watermark != version || !sub.CreatedAt.Equal(created) || !sub.UpdatedAt.Equal(clk.Now()) {
		t.Fatalf("updated subscription = %+v; want the watermark %d and creation time kept", sub, version)
	}
	if sub.At != "07:30" || sub.Zone != "UTC" || len(sub.Strategies) != 0 {
		t.Fatalf("updated subscription = %+v; want 07:30 UTC, all strategies", sub)
	}

	if _, _, err := db.SaveDigestSubscription(ctx, Subscription{
		Platform: bot.PlatformSlack, ChannelID: "123", At: "09:00", Zone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	subs, err := db.DigestSubscriptions(ctx)
	if err != nil || len(subs) != 2 || subs[0].Platform != bot.PlatformDiscord || subs[1].Platform != bot.PlatformSlack {
		t.Fatalf("subscriptions = %+v, %v; want discord/123 and slack/123", subs, err)
	}

	for i, want := range []bool{true, false} {
		ok, err := db.DeleteDigestSubscription(ctx, bot.PlatformDiscord, "123")
		if err != nil || ok != want {
			t.Fatalf("delete #%d = %v, %v; want %v", i+1, ok, err, want)
		}
	}
	if _, err := db.DigestSubscription(ctx, bot.PlatformDiscord, "123"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("deleted subscription: err %v, want ENOTFOUND", err)
	}
	if _, err := db.DigestSubscription(ctx, bot.PlatformSlack, "123"); err != nil {
		t.Fatalf("the other platform's channel of the same id was touched: %v", err)
	}
}

func TestDigestOutbox(t *testing.T) {
	db, clk, _ := openDigestStore(t)
	ctx := context.Background()
	sub, _, err := db.SaveDigestSubscription(ctx, Subscription{
		Platform: bot.PlatformSlack, ChannelID: "C1", At: "09:00", Zone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	w := sub.Watermark
	row := func(date string, from, to int64) Outbox {
		return Outbox{Platform: bot.PlatformSlack, ChannelID: "C1", Date: date,
			FromSeq: from, ToSeq: to, Reply: []byte(`{"cards":[]}`)}
	}
	add := func(o Outbox, want bool) {
		t.Helper()
		added, err := db.AddDigest(ctx, o)
		if err != nil || added != want {
			t.Fatalf("AddDigest(%s, %d..%d) = %v, %v; want %v", o.Date, o.FromSeq, o.ToSeq, added, err, want)
		}
	}
	watermark := func(want int64) {
		t.Helper()
		s, err := db.DigestSubscription(ctx, bot.PlatformSlack, "C1")
		if err != nil || s.Watermark != want {
			t.Fatalf("watermark = %d, %v; want %d", s.Watermark, err, want)
		}
	}

	add(row("2026-11-21", w+1, w+5), false) // does not start at the watermark
	add(Outbox{Platform: bot.PlatformSlack, ChannelID: "nope", Date: "2026-11-21", FromSeq: w, ToSeq: w}, false)
	if _, err := db.AddDigest(ctx, row("2026-11-21", w+5, w)); err == nil {
		t.Fatal("a reversed range was accepted")
	}
	add(row("2026-11-21", w, w+5), true)
	add(row("2026-11-22", w, w+6), false) // the first is still unsent
	watermark(w)                          // nothing advances before the mark

	unsent, err := db.UnsentDigests(ctx)
	if err != nil || len(unsent) != 1 || unsent[0].Date != "2026-11-21" || unsent[0].Sent() || string(unsent[0].Reply) != `{"cards":[]}` {
		t.Fatalf("unsent = %+v, %v", unsent, err)
	}

	clk.Add(time.Minute)
	if err := db.MarkDigestSent(ctx, bot.PlatformSlack, "C1", "2026-11-21"); err != nil {
		t.Fatal(err)
	}
	watermark(w + 5)
	clk.Add(time.Minute)
	if err := db.MarkDigestSent(ctx, bot.PlatformSlack, "C1", "2026-11-21"); err != nil {
		t.Fatalf("marking twice: %v", err)
	}
	if err := db.MarkDigestSent(ctx, bot.PlatformSlack, "C1", "2026-11-25"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("marking a missing digest: %v, want ENOTFOUND", err)
	}
	rows, err := db.DigestOutboxes(ctx, bot.PlatformSlack, "C1")
	if err != nil || len(rows) != 1 || !rows[0].SentAt.Equal(clk.Now().Add(-time.Minute)) {
		t.Fatalf("outbox = %+v, %v; want one row sent at the first mark", rows, err)
	}
	if unsent, err := db.UnsentDigests(ctx); err != nil || len(unsent) != 0 {
		t.Fatalf("unsent after the mark = %+v, %v", unsent, err)
	}

	add(row("2026-11-21", w+5, w+7), false) // same date again
	add(row("2026-11-20", w+5, w+7), false) // an earlier date

	// A digest with nothing to post is recorded sent and advances at once.
	empty := Outbox{Platform: bot.PlatformSlack, ChannelID: "C1", Date: "2026-11-22",
		FromSeq: w + 5, ToSeq: w + 7, SentAt: clk.Now()}
	add(empty, true)
	watermark(w + 7)
	s, err := db.DigestSubscription(ctx, bot.PlatformSlack, "C1")
	if err != nil || s.LastDate != "2026-11-22" {
		t.Fatalf("last date = %q, %v", s.LastDate, err)
	}
	rows, err = db.DigestOutboxes(ctx, bot.PlatformSlack, "C1")
	if err != nil || len(rows) != 2 || rows[1].Reply != nil || !rows[1].Sent() {
		t.Fatalf("outbox = %+v, %v; want the empty digest sent, without a reply", rows, err)
	}

	// Unsubscribing drops the channel's outbox, so a new subscription starts clean.
	add(row("2026-11-23", w+7, w+8), true)
	if _, err := db.DeleteDigestSubscription(ctx, bot.PlatformSlack, "C1"); err != nil {
		t.Fatal(err)
	}
	if unsent, err := db.UnsentDigests(ctx); err != nil || len(unsent) != 0 {
		t.Fatalf("unsent after unsubscribing = %+v, %v", unsent, err)
	}
	if err := db.MarkDigestSent(ctx, bot.PlatformSlack, "C1", "2026-11-23"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("marking a digest of an unsubscribed channel: %v, want ENOTFOUND", err)
	}
}

// TestDigestMessageNotFound: beginning or confirming a message a digest was
// not split into is an ENOTFOUND, saying which message; its own message is
// found. Splitting, or marking sent, a digest the outbox does not have is an
// ENOTFOUND saying which digest.
func TestDigestMessageNotFound(t *testing.T) {
	db, _, _ := openDigestStore(t)
	ctx := context.Background()
	sub, _, err := db.SaveDigestSubscription(ctx, Subscription{Platform: bot.PlatformSlack, ChannelID: "C1", At: "09:00", Zone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddDigest(ctx, Outbox{Platform: bot.PlatformSlack, ChannelID: "C1", Date: "2026-11-21",
		FromSeq: sub.Watermark, ToSeq: sub.Watermark + 1, Reply: []byte(`{"cards":[]}`)}); err != nil {
		t.Fatal(err)
	}
	msgs, err := db.AddDigestMessages(ctx, bot.PlatformSlack, "C1", "2026-11-21", []string{"k1"}, [][]byte{[]byte("one")})
	if err != nil || len(msgs) != 1 {
		t.Fatalf("messages %+v, %v", msgs, err)
	}
	part := msgs[0].Part
	if m, err := db.BeginDigestMessage(ctx, bot.PlatformSlack, "C1", "2026-11-21", part); err != nil || m.Key != "k1" {
		t.Fatalf("beginning the digest's message: %+v, %v", m, err)
	}
	if err := db.MarkDigestMessagePosted(ctx, bot.PlatformSlack, "C1", "2026-11-21", part); err != nil {
		t.Fatalf("confirming the digest's message: %v", err)
	}
	missing := part + 1
	if _, err := db.BeginDigestMessage(ctx, bot.PlatformSlack, "C1", "2026-11-21", missing); bot.ErrorCode(err) != bot.ENOTFOUND ||
		bot.ErrorMessage(err) != fmt.Sprintf("No message %d in the digest of slack channel C1 for 2026-11-21.", missing) {
		t.Errorf("beginning a message the digest does not have: %v, want ENOTFOUND", err)
	}
	if err := db.MarkDigestMessagePosted(ctx, bot.PlatformSlack, "C1", "2026-11-21", missing); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("confirming a message the digest does not have: %v, want ENOTFOUND", err)
	}
	const noDigest = "No digest of slack channel C1 for 2026-11-22."
	if _, err := db.AddDigestMessages(ctx, bot.PlatformSlack, "C1", "2026-11-22", []string{"k1"}, [][]byte{[]byte("one")}); bot.ErrorCode(err) != bot.ENOTFOUND || bot.ErrorMessage(err) != noDigest {
		t.Errorf("splitting a digest the outbox does not have: %v, want ENOTFOUND %q", err, noDigest)
	}
	if err := db.MarkDigestSent(ctx, bot.PlatformSlack, "C1", "2026-11-22"); bot.ErrorCode(err) != bot.ENOTFOUND || bot.ErrorMessage(err) != noDigest {
		t.Errorf("marking sent a digest the outbox does not have: %v, want ENOTFOUND %q", err, noDigest)
	}
}

func TestDigestLease(t *testing.T) {
	a, clk, path := openDigestStore(t)
	b := reopenDigestStore(t, path, clk) // a second instance on the same file
	ctx := context.Background()
	take := func(db *SQLStore, holder, want string) {
		t.Helper()
		l, err := db.TakeDigestLease(ctx, holder, time.Minute)
		if err != nil || l.Holder != want {
			t.Fatalf("%s takes the lease: holder %q, %v; want %q", holder, l.Holder, err, want)
		}
	}
	take(a, "a", "a")
	take(b, "b", "a")
	clk.Add(50 * time.Second)
	take(a, "a", "a") // renewed for another minute
	clk.Add(50 * time.Second)
	take(b, "b", "a")
	clk.Add(11 * time.Second)
	take(b, "b", "b") // expired: taken over
	take(a, "a", "b")
	if err := a.ReleaseDigestLease(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	take(a, "a", "b") // releasing someone else's lease does nothing
	if err := b.ReleaseDigestLease(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	take(a, "a", "a") // released: free at once
	if _, err := a.TakeDigestLease(ctx, "", time.Minute); err == nil {
		t.Fatal("an empty holder was accepted")
	}
}

func TestDigestLeaseRace(t *testing.T) {
	db, _, path := openDigestStore(t)
	clk := testenv.NewClock(db.Now(), 0)
	dbs := []*SQLStore{db, reopenDigestStore(t, path, clk), reopenDigestStore(t, path, clk)}
	holders := make([]string, len(dbs))
	var wg sync.WaitGroup
	for i, d := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l, err := d.TakeDigestLease(context.Background(), string(rune('a'+i)), time.Minute)
			if err != nil {
				t.Error(err)
			}
			holders[i] = l.Holder
		}()
	}
	wg.Wait()
	for _, h := range holders[1:] {
		if h != holders[0] {
			t.Fatalf("instances disagree on the holder: %q", holders)
		}
	}
}
