package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	. "github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv"
)

func TestActorWho(t *testing.T) {
	tests := []struct {
		actor Actor
		role  string
		want  string
	}{
		{Actor{Platform: PlatformDiscord, UserID: "123456789012345678"}, "a moderator", "a moderator on Discord"},
		{Actor{Platform: PlatformSlack, UserID: "U0CRITIC"}, "someone", "someone on Slack"},
		{Actor{Platform: PlatformConsole, UserID: "console"}, "a moderator", "the console's operator"},
		{BotActor, "a moderator", "stancebot"},
		{Actor{}, "someone", "someone"},
	}
	for _, tt := range tests {
		if got := tt.actor.Who(tt.role); got != tt.want {
			t.Errorf("%s as %q: %q, want %q", tt.actor, tt.role, got, tt.want)
		}
	}
}

// TestCardsSayWhoInWords: the dispute card of /review, a refused second
// resolution and /person's community record say who in words, never by
// platform id; the audit log keeps the ids.
func TestCardsSayWhoInWords(t *testing.T) {
	b, db := communityBot(t, Options{})
	const criticID, modID = "111122223333444455", "666677778888999900"
	critic := Request{Platform: PlatformDiscord, UserID: criticID, ChannelID: "C9"}
	mod := Request{Platform: PlatformDiscord, UserID: modID, ChannelID: "C9", CanManageChannel: true}
	q := testDataset().Quotes[0]
	if r := line(t, b, critic, "/dispute "+q.ID+" looks made up"); r.Error != "" {
		t.Fatalf("dispute: %+v", r)
	}
	review := line(t, b, mod, "/review")
	if review.Error != "" || review.Cards[0].Footer != "Disputed on "+testenv.Now().UTC().Format(time.DateOnly)+" by someone on Discord" {
		t.Errorf("dispute card: %+v", review.Cards)
	}
	if r := line(t, b, mod, "/resolve 1 as:verified the source says exactly this"); r.Error != "" {
		t.Fatalf("resolve: %+v", r)
	}
	again := line(t, b, mod, "/resolve 1 as:dismissed once more")
	person := line(t, b, critic, "/person "+q.PersonID)
	for name, r := range map[string]Reply{"review": review, "second resolution": again, "person": person} {
		text := shownText(r)
		if strings.Contains(text, criticID) || strings.Contains(text, modID) {
			t.Errorf("%s shows a platform id:\n%s", name, text)
		}
	}
	if text := shownText(again); !strings.Contains(text, "already resolved (verified) by a moderator on Discord") {
		t.Errorf("second resolution:\n%s", text)
	}
	for _, want := range []string{"disputed by someone on Discord (dispute #1)", "resolved by a moderator on Discord"} {
		if !fieldHas(person.Cards[0], "Community record", want) {
			t.Errorf("person card lacks %q:\n%s", want, shownText(person))
		}
	}
	entries, err := db.Audit(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var log []string
	for _, e := range entries {
		log = append(log, AuditLine(e))
	}
	if all := strings.Join(log, "\n"); !strings.Contains(all, "discord:"+criticID) || !strings.Contains(all, "discord:"+modID) {
		t.Errorf("the audit log lost the ids:\n%s", all)
	}
}

// shownText is everything a reply's cards show, footers and error text
// included.
func shownText(r Reply) string {
	s := renderText(r)
	for _, c := range r.Cards {
		s += c.Footer + "\n"
	}
	return s
}
