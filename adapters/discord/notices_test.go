package discord

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
)

// deliveredMessage selects the channel messages the fake took (a notice
// delivered to a DM channel).
func deliveredMessage(r fakediscord.Record) bool {
	return r.Kind == fakediscord.KindChannelMessage && r.Status == http.StatusOK
}

// surveyNotices runs /survey with answer, which sends the user a notice
// by direct message, and returns the notices delivered once there are n.
func (e modeEnv) surveyNotices(t *testing.T, answer string, n int) []fakediscord.Record {
	t.Helper()
	e.first(t, fakediscord.Slash("survey", map[string]string{"name": "Ada", "answer": answer}))
	sent, err := e.fake.WaitRecords(ctxFor(t, 5*time.Second), n, deliveredMessage)
	if err != nil {
		t.Fatalf("notice %d (%q): %d delivered: %v", n, answer, len(sent), err)
	}
	return sent
}

// TestNoticesShareTheDMChannel: the DM channel with a user is opened for
// the first notice only; the next goes to the same channel.
func TestNoticesShareTheDMChannel(t *testing.T) {
	t.Parallel()
	for mode, e := range bothModes(t, testBot(t), nil) {
		t.Run(mode, func(t *testing.T) {
			e.surveyNotices(t, "once", 1)
			sent := e.surveyNotices(t, "twice", 2)
			if sent[0].ChannelID != sent[1].ChannelID || sent[0].ChannelID != e.fake.DMChannel(fakediscord.DefaultUserID) {
				t.Errorf("the notices went to %s and %s, not both to the user's DM", sent[0].ChannelID, sent[1].ChannelID)
			}
			if n := len(e.fake.Records(fakediscord.OfKind(fakediscord.KindDMChannel))); n != 1 {
				t.Errorf("the DM channel was opened %d times, want once", n)
			}
		})
	}
}

// TestNoticeReopensAForgottenDMChannel: when Discord no longer knows the
// kept DM channel (10003 Unknown Channel), the notice opens the user's DM
// channel again and is delivered there.
func TestNoticeReopensAForgottenDMChannel(t *testing.T) {
	t.Parallel()
	for mode, e := range bothModes(t, testBot(t), nil) {
		t.Run(mode, func(t *testing.T) {
			e.surveyNotices(t, "once", 1)
			gone := e.fake.DMChannel(fakediscord.DefaultUserID)
			e.fake.ForgetDMChannel(fakediscord.DefaultUserID)
			sent := e.surveyNotices(t, "twice", 2)
			if now := e.fake.DMChannel(fakediscord.DefaultUserID); sent[1].ChannelID != now || now == gone {
				t.Errorf("the second notice went to %s, want the new DM channel %s (not %s)", sent[1].ChannelID, now, gone)
			}
			if n := len(e.fake.Records(fakediscord.OfKind(fakediscord.KindDMChannel))); n != 2 {
				t.Errorf("the DM channel was opened %d times, want twice", n)
			}
		})
	}
}

// TestNoticeToClosedDMs: a user who takes no DMs is not told, and the
// notice never shows where others see it.
func TestNoticeToClosedDMs(t *testing.T) {
	t.Parallel()
	for mode, e := range bothModes(t, testBot(t), nil) {
		t.Run(mode, func(t *testing.T) {
			e.fake.CloseDMs(fakediscord.DefaultUserID)
			i, rec := e.first(t, fakediscord.Slash("survey", map[string]string{"name": "Ada", "answer": "quietly"}))
			if !strings.Contains(allText(rec.Data), "Thanks, Ada") {
				t.Fatalf("answer:\n%s", allText(rec.Data))
			}
			refused, err := e.fake.WaitRecord(ctxFor(t, 5*time.Second), fakediscord.OfKind(fakediscord.KindChannelMessage))
			if err != nil || refused.Status != http.StatusForbidden || refused.ChannelID != e.fake.DMChannel(fakediscord.DefaultUserID) {
				t.Fatalf("the DM: %+v, %v", refused, err)
			}
			time.Sleep(100 * time.Millisecond) // anything sent after the refusal arrives
			if n := len(e.fake.Records(fakediscord.OfKind(fakediscord.KindChannelMessage))); n != 1 {
				t.Errorf("%d channel messages; the notice must go nowhere else", n)
			}
			if n := len(e.fake.Records(fakediscord.ForInteraction(i.ID, fakediscord.KindFollowup, fakediscord.KindEditOriginal))); n != 0 {
				t.Errorf("%d follow-ups or edits after a refused DM", n)
			}
			e.obs.mu.Lock()
			defer e.obs.mu.Unlock()
			if len(e.obs.kinds) != 0 {
				t.Errorf("closed DMs are reported as failures: %v", e.obs.kinds)
			}
		})
	}
}
