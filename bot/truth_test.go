package bot_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	. "github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

// TestDirectQuotesCarryNoEmphasis: every page of /quote civilizational
// resilience on the real data shows each direct quote exactly as recorded
// (no emphasis to render; the matches go to scripts), and a paraphrase
// keeps its highlights.
func TestDirectQuotesCarryNoEmphasis(t *testing.T) {
	b := realdata.Bot(t)
	sawDirect, sawParaphrase := false, false
	for page := 1; page <= 5; page++ {
		r := ask(t, b, "/quote civilizational resilience page:"+string(rune('0'+page)))
		if r.Error != "" {
			break
		}
		qb := r.Cards[0].Quotes[0]
		if page == 1 && len(qb.Matches) == 0 {
			t.Errorf("page %d: no matches recorded for scripts", page)
		}
		if qb.Fidelity.IsDirect() {
			sawDirect = true
			if len(qb.Highlights) != 0 {
				t.Errorf("page %d: direct quote %s carries highlights %v", page, qb.QuoteID, qb.Highlights)
			}
		} else if len(qb.Highlights) > 0 {
			sawParaphrase = true
		}
	}
	if qb := ask(t, b, "/quote smartest among us dominate").Cards[0].Quotes[0]; qb.Fidelity == FidelityFaithful && len(qb.Highlights) > 0 {
		sawParaphrase = true
	}
	if !sawDirect || !sawParaphrase {
		t.Errorf("saw a direct quote %v, a highlighted paraphrase %v; want both", sawDirect, sawParaphrase)
	}
}

func TestSourcesRelevanceFloor(t *testing.T) {
	b := realdata.Bot(t)
	ctx := context.Background()
	for _, msg := range []string{"hello world", "what do you think", "I like pizza", "thanks for sharing", "this is great news"} {
		_, err := b.FindSources(ctx, msg)
		if ErrorCode(err) != ENOTFOUND || !strings.HasPrefix(ErrorMessage(err), "No recorded quote relates to this message.") {
			t.Errorf("%q: %v, want no recorded quote", msg, err)
		}
	}
	_, err := b.FindSources(ctx, "hello world, says Andrew")
	if !strings.Contains(ErrorMessage(err), "Nearest people: Andrew") {
		t.Errorf("nearest people not named: %v", err)
	}
	for msg, want := range map[string]string{
		"science can't happen in secret":         "",
		"keep AI from turning into an oligopoly": "arthur-mensch",
		"lecun on doomsayers":                    "yann-lecun",
		"regulation":                             "",
	} {
		r, err := b.FindSources(ctx, msg)
		if err != nil {
			t.Errorf("%q: %v", msg, err)
			continue
		}
		if got := r.Cards[0].Quotes[0].PersonID; want != "" && got != want {
			t.Errorf("%q: first source by %s, want %s", msg, got, want)
		}
	}
}

func TestSourcesParaphraseInQuotationMarks(t *testing.T) {
	b := realdata.Bot(t)
	for _, msg := range []string{
		`Yann LeCun said "the smartest among us do not want to dominate the others"`,
		`LeCun: “the smartest among us do not want to dominate the others”`,
	} {
		r, err := b.FindSources(context.Background(), msg)
		if err != nil {
			t.Fatal(err)
		}
		qb := r.Cards[0].Quotes[0]
		if qb.PersonID != "yann-lecun" || qb.Fidelity != FidelityFaithful ||
			!strings.HasPrefix(qb.Note, "On record only as a faithful paraphrase, not verbatim") {
			t.Errorf("%q: first %s (%s), note %q", msg, qb.PersonID, qb.Fidelity, qb.Note)
		}
	}
}

// TestDisputedQuoteIsNeverTheTopAnswer: the embedded dataset disputes
// Colin Raffel's and Mike Lewis's paper abstracts; /quote with their own
// words answers with another quote first, and their cards say why.
func TestDisputedQuoteIsNeverTheTopAnswer(t *testing.T) {
	b := realdata.Bot(t)
	for _, words := range []string{"a text to text framework for transfer learning", "pretraining by reconstructing corrupted text"} {
		r := ask(t, b, "/quote "+words)
		if r.Error != "" {
			t.Fatalf("%q: %+v", words, r)
		}
		if qb := r.Cards[0].Quotes[0]; qb.Verification.IsDoubted() {
			t.Errorf("%q: top answer %s is %s", words, qb.Speaker, qb.Verification)
		}
		found := false
		for page := 2; page <= 9 && !found; page++ {
			r := ask(t, b, "/quote "+words+" page:"+string(rune('0'+page)))
			if r.Error != "" {
				break
			}
			qb := r.Cards[0].Quotes[0]
			if qb.Verification == VerificationDisputed {
				found = true
				if !strings.Contains(qb.Note, "⚠ Disputed by a moderator (2026-12-02): the words are the abstract of") {
					t.Errorf("%q: disputed card note %q", words, qb.Note)
				}
			}
		}
		if !found {
			t.Errorf("%q: the disputed quote is on no later page", words)
		}
	}
}

// TestWindowOrderFromVerificationsOnly: /quote orders its first matches,
// doubted quotes last, from the quotes' verification alone exactly as from
// their full cards, skipping a match the store no longer has.
func TestWindowOrderFromVerificationsOnly(t *testing.T) {
	b := realdata.Bot(t)
	for _, words := range []string{"a text to text framework for transfer learning", "pretraining by reconstructing corrupted text", "regulation"} {
		hits, light, full, err := b.WindowOrders(context.Background(), words)
		if err != nil {
			t.Fatalf("%q: %v", words, err)
		}
		if !slices.Equal(light, full) {
			t.Errorf("%q: light order %v, full order %v", words, light, full)
		}
		if len(full) != len(hits)-1 || slices.Contains(light, hits[1]) {
			t.Errorf("%q: %d of %d hits ordered, want all but the unknown %s: %v", words, len(light), len(hits), hits[1], light)
		}
		known := slices.Delete(slices.Clone(hits), 1, 2)
		if moved := !slices.Equal(known, full); moved != (words != "regulation") {
			t.Errorf("%q: doubted quotes moved %v; index order %v, shown %v", words, moved, known, full)
		}
		// Each page of /quote shows the match at its place in that order.
		for page, want := range full {
			r := ask(t, b, "/quote "+words+" page:"+strconv.Itoa(page+1))
			if len(r.Cards) == 0 || r.Cards[0].Quotes[0].QuoteID != want {
				t.Errorf("%q page %d: %+v, want quote %s", words, page+1, r, want)
			}
		}
	}
}

// TestSuppliedValuesAreSaid: the thread post's stance and date were given
// at import; its card says so, and carries no headline as its title.
func TestSuppliedValuesAreSaid(t *testing.T) {
	b := realdata.Bot(t)
	r := ask(t, b, "/quote civilizational resilience intelligence individual actor")
	qb := r.Cards[0].Quotes[0]
	if qb.PersonID != "thomas-wolf" {
		t.Fatalf("first quote by %s", qb.PersonID)
	}
	if strings.Join(qb.Supplied, ",") != "stance,date" || !strings.Contains(qb.Note, "Stance and date given at import, not in the source.") {
		t.Errorf("supplied %v, note %q", qb.Supplied, qb.Note)
	}
	if qb.Source.Title != "" || qb.Summary != "" {
		t.Errorf("title %q, summary %q: want none (the headline is X's, not the post's)", qb.Source.Title, qb.Summary)
	}
}
