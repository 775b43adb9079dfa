package bot_test

import (
	"context"
	"strings"
	"testing"

	. "github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

func newQuoteBot(t *testing.T) *Bot {
	t.Helper()
	return newIndexedBot(t, testDataset(), Options{})
}

// newIndexedBot returns a bot over a real store holding ds and the real
// quote index of that store.
func newIndexedBot(t *testing.T, ds Dataset, opts Options) *Bot {
	t.Helper()
	db := realdata.Store(t, "", nil, ds)
	opts.Index = realdata.Index(t, db)
	b, _ := newBot(t, db, opts)
	return b
}

// ask answers one command line, as the console does.
func ask(t *testing.T, b *Bot, line string) Reply {
	t.Helper()
	return b.HandleLine(context.Background(), line, Request{Platform: PlatformConsole})
}

func TestQuotePostsTheBestCardPublicly(t *testing.T) {
	b := newQuoteBot(t)
	r := ask(t, b, "/quote regulation bans open source")
	if r.Error != "" {
		t.Fatalf("error reply: %+v", r)
	}
	if r.Visibility != Public {
		t.Error("the top card is not public")
	}
	if len(r.Cards) != 1 || len(r.Cards[0].Quotes) != 1 {
		t.Fatalf("want one card with one quote, got %+v", r.Cards)
	}
	qb := r.Cards[0].Quotes[0]
	if qb.PersonID != "andrew-ng" || qb.Source.Publisher != "The Batch" || qb.Fidelity != FidelityLoose || qb.Stance != StanceEndorses {
		t.Errorf("quote card = %+v", qb)
	}
	var marked []string
	for _, s := range qb.Highlights {
		marked = append(marked, qb.Text[s.Start:s.End])
	}
	if strings.Join(marked, " ") != "regulation bans open source" {
		t.Errorf("highlights mark %q", marked)
	}
	// The index searches the strategy's name too: all six quotes are on
	// "Open source".
	if !strings.Contains(r.Cards[0].Footer, "6 matches for “regulation bans open source”") {
		t.Errorf("footer %q", r.Cards[0].Footer)
	}
	if r.Page != 1 || r.Pages != 6 || len(r.Actions) != 1 || r.Actions[0].Label != "more" {
		t.Fatalf("pagination: page %d of %d, actions %+v", r.Page, r.Pages, r.Actions)
	}

	// "more" runs the same search one page further, and ends on the last page.
	seen := map[string]bool{qb.QuoteID: true}
	for page := 2; page <= 6; page++ {
		r = ask(t, b, r.Actions[0].Command)
		if r.Error != "" || r.Page != page {
			t.Fatalf("page %d: %+v", page, r)
		}
		id := r.Cards[0].Quotes[0].QuoteID
		if seen[id] {
			t.Errorf("page %d repeats quote %s", page, id)
		}
		seen[id] = true
		if page < 6 && len(r.Actions) != 1 {
			t.Fatalf("page %d: no more action", page)
		}
	}
	if len(r.Actions) != 0 {
		t.Errorf("last page offers %+v", r.Actions)
	}
}

func TestQuoteFilters(t *testing.T) {
	b := newQuoteBot(t)
	tests := []struct {
		line, wantPerson, wantErr, wantIn string
	}{
		{line: `/quote open person:"andrew ng"`, wantPerson: "andrew-ng"},
		// Andrew Ng's and Thomas Wolf's direct quotes both say "open models";
		// the index ranks the shorter one first.
		{line: `/quote open models fidelity:"direct quote"`, wantPerson: "thomas-wolf"},
		{line: `/quote open weights diverse fidelity:"faithful paraphrase"`, wantPerson: "yann-lecun"},
		{line: `/quote open strategy:"open weights" person:yann-lecun`, wantPerson: "yann-lecun"},
		{line: `/quote open person:"yan lecunn"`, wantErr: ENOTFOUND, wantIn: "Yann LeCun"},
		{line: `/quote open strategy:pause`, wantErr: ENOTFOUND, wantIn: "No quote matches “open” (on Pause frontier training)."},
		{line: `/quote open fidelity:verbatim`, wantErr: EINVALID, wantIn: "fidelity"},
		{line: `/quote open page:99`, wantErr: EINVALID, wantIn: `There is no page "99": pages go from 1 to`},
	}
	for _, tt := range tests {
		r := ask(t, b, tt.line)
		if r.Error != tt.wantErr {
			t.Errorf("%s: error %q, want %q (%+v)", tt.line, r.Error, tt.wantErr, r.Cards)
			continue
		}
		if tt.wantErr != "" {
			if !strings.Contains(r.Cards[0].Title, tt.wantIn) {
				t.Errorf("%s: %q does not say %q", tt.line, r.Cards[0].Title, tt.wantIn)
			}
			continue
		}
		if got := r.Cards[0].Quotes[0].PersonID; got != tt.wantPerson {
			t.Errorf("%s: quote by %s, want %s", tt.line, got, tt.wantPerson)
		}
	}
}

func TestQuoteNoMatchSuggestsPeopleAndStrategies(t *testing.T) {
	b := newQuoteBot(t)
	// (The index finds speakers' names despite a typo or two, "lecunn"
	// included; this one is too far from "Mostaque" for it.)
	r := ask(t, b, "/quote mostaqe")
	if r.Error != ENOTFOUND || !strings.Contains(r.Cards[0].Title, "Closest people: Emad Mostaque") {
		t.Errorf("mostaqe: %+v", r)
	}
	r = ask(t, b, "/quote moratorium")
	if r.Error != ENOTFOUND || !strings.Contains(r.Cards[0].Title, "Closest strategies: Pause frontier training") {
		t.Errorf("moratorium: %+v", r)
	}
	r = ask(t, b, "/quote qqqqqqqqqq")
	if r.Error != ENOTFOUND || !strings.Contains(r.Cards[0].Title, "Try other words") {
		t.Errorf("qqqqqqqqqq: %+v", r)
	}
}

func TestQuoteWithoutIndex(t *testing.T) {
	b, _, _ := newTestBot(t, testDataset(), Options{})
	for _, line := range []string{"/quote open source", "/sources open source"} {
		if r := ask(t, b, line); r.Error != EINTERNAL || r.Visibility != Ephemeral {
			t.Errorf("%s without an index: %+v", line, r)
		}
	}
}

func TestQuoteCommandLineFitsAndParsesBack(t *testing.T) {
	b := newQuoteBot(t)
	tests := []struct {
		words string
		q     QuoteQuery
		want  string
	}{
		{"regulation bans", QuoteQuery{}, "/quote regulation bans page:2"},
		{`"open: source" “now”`, QuoteQuery{PersonID: "andrew-ng", Fidelity: FidelityDirect},
			`/quote open source now person:andrew-ng fidelity:"direct quote" page:2`},
		{strings.Repeat("word ", 40), QuoteQuery{StrategyID: "open-source"}, ""},
	}
	for _, tt := range tests {
		got, ok := QuoteCommandLine(tt.words, tt.q, 2, room)
		if !ok || len(got) > room {
			t.Errorf("%q: %q, %v", tt.words, got, ok)
			continue
		}
		if tt.want != "" && got != tt.want {
			t.Errorf("%q: %q, want %q", tt.words, got, tt.want)
		}
		req, err := b.ParseCommandLine(got)
		if err != nil || req.Option("page") != "2" || req.Option("words") == "" {
			t.Errorf("%q does not parse back: %+v, %v", got, req, err)
		}
	}
	if _, ok := QuoteCommandLine(strings.Repeat("x", 200), QuoteQuery{}, 2, room); ok {
		t.Error("a single 200-byte word fits in an action")
	}
}
