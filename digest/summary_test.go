package digest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// bigBatch records n new positions (a first import of a board), some people
// with recognition tiers, as the board at a commit of boardTime.
func bigBatch(t *testing.T, e *env, n int, boardTime time.Time) {
	t.Helper()
	ds := positions("open-source", seq(1, n/2)...)
	more := positions("pause", seq(n/2+1, n)...)
	ds.People = append(ds.People, more.People...)
	ds.Stances = append(ds.Stances, more.Stances...)
	ds.Quotes = append(ds.Quotes, more.Quotes...)
	for i := range ds.People {
		switch i % 10 {
		case 3:
			ds.People[i].Recognition = bot.RecognitionHouseholdName
		case 5:
			ds.People[i].Recognition = bot.RecognitionFieldLeading
		}
	}
	if _, err := e.db.ImportFrom(e.ctx, ds, bot.ImportOptions{Source: "atlas", Revision: "abc123", SourceTime: boardTime}); err != nil {
		t.Fatal(err)
	}
}

func seq(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

// TestLargeBatchIsSummarised: a digest of more positions than MaxListed
// (a first import of the whole board) is summed up — counts per strategy,
// the most recognised new voices, where the rest is — not flooded; the
// preview lists it page by page, each position with the board's date.
func TestLargeBatchIsSummarised(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	e.subscribe(bot.PlatformSlack, "C1", "")
	e.clk.Set(at(21, 8, 30))
	board := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	const n = MaxListed + 50
	bigBatch(t, e, n, board)

	preview := e.command(bot.PlatformSlack, "C1", false, "/digest preview")
	text := replyText(preview)
	for _, want := range []string{
		fmt.Sprintf("%d positions recorded since the last digest", n),
		"Positions by strategy",
		fmt.Sprintf("Open source: %d positions", n/2),
		fmt.Sprintf("Pause frontier training: %d positions", n-n/2),
		"Most recognised new voices",
		"Person 4 (Household name)",
		"/person NAME", "/digest preview page:N",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q:\n%s", want, text)
		}
	}
	if owners := quoteOwners([]delivery{{reply: preview}})[0]; len(owners) != 0 {
		t.Errorf("the summary lists %d quote cards; want none", len(owners))
	}
	// 15 household names among the new voices: the ten named are all of them.
	voices := preview.Cards[2].Text
	if strings.Count(voices, "(Household name)") != maxVoices || strings.Contains(voices, "Field-leading") {
		t.Errorf("voices not the most recognised:\n%s", voices)
	}

	page := e.command(bot.PlatformSlack, "C1", false, "/digest preview page:2")
	if page.Error != "" || page.Page != 2 || page.Pages != (n+PageSize-1)/PageSize {
		t.Fatalf("page 2: error %q, page %d of %d", page.Error, page.Page, page.Pages)
	}
	if owners := quoteOwners([]delivery{{reply: page}})[0]; len(owners) != PageSize {
		t.Errorf("page 2 lists %d positions, want %d", len(owners), PageSize)
	}
	ptext := replyText(page)
	if !strings.Contains(ptext, fmt.Sprintf("Positions %d–%d of %d", PageSize+1, 2*PageSize, n)) ||
		!strings.Contains(ptext, "on the board since 2026-03-04") || !strings.Contains(ptext, "Arrived 2026-11-21") {
		t.Errorf("page 2 does not say which positions or the dates:\n%s", ptext)
	}
	var actions []string
	for _, a := range page.Actions {
		actions = append(actions, a.Command)
	}
	if got := strings.Join(actions, " | "); got != "/digest preview page:1 | /digest preview page:3" {
		t.Errorf("page actions %q", got)
	}
	if r := e.command(bot.PlatformSlack, "C1", false, "/digest preview page:99"); r.Error != bot.EINVALID {
		t.Errorf("page 99: %+v", r)
	}
	if r := e.command(bot.PlatformSlack, "C1", false, "/digest status page:2"); r.Error != bot.EINVALID {
		t.Errorf("status with a page: %+v", r)
	}

	// The posted digest is the summary too.
	e.runDue(e.scheduler(e.svc, "one"), at(21, 9, 0))
	got := e.slack.deliveries()
	if len(got) != 1 || !strings.Contains(replyText(got[0].reply), "Most recognised new voices") {
		t.Fatalf("posted %d digests; want the summary", len(got))
	}
}

// TestSmallDigestShowsTheBoardDate: a listed position says when it arrived
// and when the board recorded it, or that the board's date is not on record.
func TestSmallDigestShowsTheBoardDate(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	e.subscribe(bot.PlatformSlack, "C1", "")
	e.clk.Set(at(21, 8, 30))
	e.record("open-source", 1)
	text := replyText(e.command(bot.PlatformSlack, "C1", false, "/digest preview"))
	if !strings.Contains(text, "Arrived 2026-11-21 · the board's recording date is not on record") {
		t.Errorf("preview:\n%s", text)
	}
}
