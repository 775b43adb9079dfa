package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	. "github.com/stancebot/stancebot/bot"
)

// directQuoteBot is newQuoteBot with Andrew Ng's loose paraphrase about
// regulation recorded as a direct quote instead, so that a message can
// misquote it.
func directQuoteBot(t *testing.T) *Bot {
	t.Helper()
	ds := testDataset()
	for i, q := range ds.Quotes {
		if q.PersonID == "andrew-ng" && strings.HasPrefix(q.Text, "The real risk") {
			ds.Quotes[i].Fidelity = FidelityDirect
		}
	}
	return newIndexedBot(t, ds, Options{})
}

func TestFindSources(t *testing.T) {
	b := directQuoteBot(t)
	const recorded = "The real risk is if regulation effectively bans open source."
	tests := []struct {
		name, text string
		misquote   bool
	}{
		{"paraphrase of the quote's words", "the real risk is regulation that effectively bans open source models", true},
		{"name and a quoted passage in other words", `Andrew Ng said "the danger is regulation banning open source"`, true},
		{"last name and curly quotes", `as Ng put it, “regulation that bans open source is the risk”`, true},
		{"name and a reporting verb, no quotation marks", `Andrew Ng said the danger is regulation banning open source`, true},
		{"name without reported words", `Andrew Ng cares about open source regulation`, false},
		{"quoted as recorded", `Andrew Ng: "` + recorded + `" and I agree`, false},
		{"a passage quoted as recorded", `Ng wrote "regulation effectively bans open source" once`, false},
		{"related, but no quote", "is open source regulation a good idea?", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := b.FindSources(context.Background(), tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if r.Visibility != Public || len(r.Cards) != 1 || len(r.Cards[0].Quotes) == 0 {
				t.Fatalf("reply %+v", r)
			}
			first := r.Cards[0].Quotes[0]
			if first.Text != recorded {
				t.Fatalf("first source %q, want Andrew Ng's", first.Text)
			}
			if tt.misquote {
				// The note follows the quoting rule: it does not repeat the
				// quote, which is shown once, in quotation marks.
				if !strings.HasPrefix(first.Note, "The message's wording differs from this direct quote") ||
					strings.Contains(first.Note, recorded) {
					t.Errorf("note %q", first.Note)
				}
				if !strings.Contains(r.Cards[0].Text, "looks like a quote of Andrew Ng, but its wording differs") {
					t.Errorf("card text %q", r.Cards[0].Text)
				}
			} else if strings.Contains(first.Note, "wording differs") || r.Cards[0].Text != "" {
				t.Errorf("flagged as a misquote: %q / %q", first.Note, r.Cards[0].Text)
			}
			if n := len(r.Cards[0].Quotes); n > MaxSources {
				t.Errorf("%d sources", n)
			}
		})
	}
}

// TestFindSourcesParaphraseIsNoWording: a paraphrase on record is not the
// person's wording, so a message that quotes the person on it is told the
// words are on record only as a paraphrase, not that it misquotes them.
func TestFindSourcesParaphraseIsNoWording(t *testing.T) {
	b := newQuoteBot(t) // Andrew Ng's quote about regulation is a loose paraphrase
	r, err := b.FindSources(context.Background(), `Andrew Ng said "the danger is regulation banning open source"`)
	if err != nil {
		t.Fatal(err)
	}
	first := r.Cards[0].Quotes[0]
	if first.PersonID != "andrew-ng" || first.Fidelity != FidelityLoose {
		t.Fatalf("first source %+v, want Andrew Ng's loose paraphrase", first)
	}
	if !strings.HasPrefix(first.Note, "On record only as a loose paraphrase, not verbatim") ||
		strings.Contains(first.Note, "wording differs") ||
		r.Cards[0].Text != "This message puts in quotation marks words of Andrew Ng that are on record only as a loose paraphrase, not verbatim." {
		t.Errorf("note %q, card text %q", first.Note, r.Cards[0].Text)
	}
}

func TestFindSourcesMovesTheMisquotedQuoteFirst(t *testing.T) {
	b := newQuoteBot(t)
	// More words match Yann LeCun's quote, quoted as recorded (punctuation
	// aside); the message also names Joëlle Pineau and misquotes her.
	r, err := b.FindSources(context.Background(), `open weights are necessary for diverse safe AI, and joelle pineau said "science goes faster when knowledge is shared"`)
	if err != nil {
		t.Fatal(err)
	}
	qs := r.Cards[0].Quotes
	if len(qs) < 2 {
		t.Fatalf("sources %+v", qs)
	}
	if qs[0].PersonID != "joelle-pineau" || !strings.HasPrefix(qs[0].Note, "The message's wording differs") {
		t.Errorf("first source by %s, note %q; want Joëlle Pineau's, flagged", qs[0].PersonID, qs[0].Note)
	}
	if qs[1].PersonID != "yann-lecun" || strings.Contains(qs[1].Note, "wording differs") {
		t.Errorf("second source by %s, note %q; want Yann LeCun's, not flagged", qs[1].PersonID, qs[1].Note)
	}
}

func TestFindSourcesBadInput(t *testing.T) {
	b := newQuoteBot(t)
	ctx := context.Background()
	if _, err := b.FindSources(ctx, "   "); ErrorCode(err) != EINVALID {
		t.Errorf("blank: %v", err)
	}
	if _, err := b.FindSources(ctx, "zzz qqq"); ErrorCode(err) != ENOTFOUND {
		t.Errorf("nothing related: %v", err)
	}
	junk := strings.Repeat("open \xff\xfe source ", 2000)
	r, err := b.FindSources(ctx, junk)
	if err != nil || len(r.Cards) != 1 {
		t.Errorf("10 kB of junk: %v", err)
	}
}

func TestHandleFindSourcesIsLimitedAndObserved(t *testing.T) {
	obs := &recordingObserver{}
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	b := newIndexedBot(t, testDataset(), Options{
		Observer: obs, Now: func() time.Time { return now }, Limits: Limits{UserCooldown: 3 * time.Second},
	})
	from := Request{Platform: PlatformDiscord, UserID: "u1", ChannelID: "c1"}
	r := b.HandleFindSources(context.Background(), from, "is open source regulation a good idea?")
	if r.Error != "" || r.Visibility != Public || len(r.Cards) == 0 {
		t.Fatalf("first answer: %+v", r)
	}
	if r := b.HandleFindSources(context.Background(), from, "open source"); r.Error != ERATELIMITED {
		t.Errorf("second answer within the cooldown: error %q, want %q", r.Error, ERATELIMITED)
	}
	want := []string{"discord sources ok", "discord sources " + ERATELIMITED}
	if !slices.Equal(obs.done, want) {
		t.Errorf("observed %v, want %v", obs.done, want)
	}
}
