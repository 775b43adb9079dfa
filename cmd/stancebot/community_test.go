package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/seeds"
)

// TestCommunityConsoleEndToEnd drives the whole path in the console: a
// proposal, the review queue, approval (the position then in /person and
// in the channel's next digest), a dispute and its resolution as a
// correction; the audit log lists every step in order; export and import
// keep the community's quote with its provenance.
func TestCommunityConsoleEndToEnd(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	const (
		words     = "Open models let every university check the work of the big labs."
		corrected = "Open research lets every university check the work of the big labs."
		quoteID   = "q2a1cf5471e55869" // bot.QuoteID("yann-lecun", "open-source", words)
	)
	session := strings.Join([]string{
		"/digest subscribe",
		"/propose person:\"Yann LeCun\" strategy:open-source stance:endorses fidelity:direct url:https://example.org/lecun-open date:2025-03 " + words,
		"/review",
		"/review approve:1",
		"/person Yann LeCun",
		"/digest preview",
		"/dispute " + quoteID + " the talk says open research, not open models",
		"/review",
		"/resolve 1 as:corrected text:\"" + corrected + "\" the transcript's wording",
		"/person Yann LeCun",
		"quit",
	}, "\n")
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"console", "--data", dir}, strings.NewReader(session), &out, &errOut); code != 0 {
		t.Fatalf("console: exit %d: %s", code, errOut.String())
	}
	answers := strings.Split(out.String(), "\n> ") // answers[i] is the reply to line i
	text := out.String()
	for _, want := range []string{
		"Proposal #1 is queued for review",
		"[Approve #1: /review approve:1]",
		"Proposal #1 approved: now on record",
		"[told console: Your proposal #1 (Yann LeCun) was approved and is now on record.]",
		"Note: Recorded by this community: proposed in the chat, approved by a moderator on",
		"Dispute #1: the quote is marked disputed, under review",
		"⚠ Disputed, under review",
		"[Correct #1: /resolve 1 as:corrected]",
		"Dispute #1 resolved: corrected",
		"“" + corrected + "”",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the session lacks %q", want)
		}
	}
	if len(answers) < 7 {
		t.Fatalf("%d answers:\n%s", len(answers), text)
	}
	if person := answers[5]; !strings.Contains(person, words) || !strings.Contains(person, "recorded from proposal #1 (approved by the console's operator)") {
		t.Errorf("/person after the approval:\n%s", person)
	}
	if preview := answers[6]; !strings.Contains(preview, "Yann LeCun") || !strings.Contains(preview, "Open models let every university") {
		t.Errorf("the next digest:\n%s", preview)
	}

	out.Reset()
	if code := run(ctx, []string{"audit", "--data", dir}, nil, &out, &errOut); code != 0 {
		t.Fatalf("audit: exit %d: %s", code, errOut.String())
	}
	var actions []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		actions = append(actions, strings.Split(l, " · ")[2])
	}
	if got := strings.Join(actions, ","); got != "proposal-submitted,proposal-approved,dispute-opened,dispute-resolved" {
		t.Errorf("audit log %s:\n%s", got, out.String())
	}
	if !strings.Contains(out.String(), `text: "`+words+`" → "`+corrected+`"`) {
		t.Errorf("the correction keeps no old text:\n%s", out.String())
	}
	out.Reset()
	if code := run(ctx, []string{"audit", "--data", dir, "--since", "2999"}, nil, &out, &errOut); code != 0 || strings.TrimSpace(out.String()) != "no audit entries" {
		t.Errorf("audit --since 2999: exit %d, %q", code, out.String())
	}

	// The community's quote leaves with the data and comes back.
	exported := filepath.Join(t.TempDir(), "dataset")
	if code := run(ctx, []string{"export", "--data", dir, exported}, nil, &out, &errOut); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut.String())
	}
	quotes, err := os.ReadFile(filepath.Join(exported, "quotes.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`text = "` + corrected + `"`, `proposed_by = "console"`, `approved_by = "console"`, "proposed_at = ", "approved_at = "} {
		if !bytes.Contains(quotes, []byte(want)) {
			t.Errorf("quotes.toml lacks %s", want)
		}
	}
	other := t.TempDir()
	if code := run(ctx, []string{"import", "--data", other, exported}, nil, &out, &errOut); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut.String())
	}
	again := filepath.Join(t.TempDir(), "dataset")
	if code := run(ctx, []string{"export", "--data", other, again}, nil, &out, &errOut); code != 0 {
		t.Fatalf("export again: exit %d: %s", code, errOut.String())
	}
	for _, f := range seeds.DatasetFiles {
		a, errA := os.ReadFile(filepath.Join(exported, f))
		b, errB := os.ReadFile(filepath.Join(again, f))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs after export -> import -> export (%v, %v)", f, errA, errB)
		}
	}
}
