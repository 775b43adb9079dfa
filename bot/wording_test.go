package bot_test

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	. "github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

// TestNamedNameRunsToTheNextOption: a named strategy or person takes the
// plain words after it, up to the next option; other named options take one
// word.
func TestNamedNameRunsToTheNextOption(t *testing.T) {
	b, _, _ := newTestBot(t, testDataset(), Options{})
	tests := []struct {
		line string
		opts map[string]string
	}{
		{"/quote open strategy:open weights", map[string]string{"words": "open", "strategy": "open weights"}},
		{`/quote open person:yann lecun fidelity:"direct quote"`, map[string]string{"words": "open", "person": "yann lecun", "fidelity": "direct quote"}},
		{`/quote person:"yann lecun" open models`, map[string]string{"words": "open models", "person": "yann lecun"}},
		{"/quote open models page:2 person:lecun", map[string]string{"words": "open models", "person": "lecun", "page": "2"}},
		{"/quote at 08:30 see https://example.org/x note:", map[string]string{"words": "at 08:30 see https://example.org/x note:"}},
	}
	for _, tt := range tests {
		req, err := b.ParseCommandLine(tt.line)
		if err != nil || !reflect.DeepEqual(req.Options, tt.opts) {
			t.Errorf("ParseCommandLine(%q) = %v, %v; want %v", tt.line, req.Options, err, tt.opts)
		}
	}
}

func TestUnknownOptionIsAnError(t *testing.T) {
	b, _, _ := newTestBot(t, testDataset(), Options{})
	tests := []struct{ line, want string }{
		{"/whoendorses open source foo:bar", "/whoendorses has no option foo:. Its options: strategy, stance, page."},
		{"/whoendorses open source stanse:opposes", "Did you mean stance:?"},
		{"/quote open sorce:x", `To mean the words, put them in quotation marks: "sorce:x".`},
		{"/strategies zone:x", "/strategies has no option zone:. Its options: page."},
	}
	for _, tt := range tests {
		_, err := b.ParseCommandLine(tt.line)
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tt.want) {
			t.Errorf("ParseCommandLine(%q) = %v; want EINVALID with %q", tt.line, err, tt.want)
		}
	}
}

// TestOneWordingForPages: every paginated command refuses a page the same way.
func TestOneWordingForPages(t *testing.T) {
	b := newQuoteBot(t)
	want := regexp.MustCompile(`^There is no page "(99|x|0)": (pages go from 1 to \d+|this answer has only page 1)\.$`)
	for _, line := range []string{
		"/whoendorses open source page:99", "/person yann lecun page:99", "/strategies page:99",
		"/quote open page:99", "/quote open page:x", "/whoendorses open source page:0",
	} {
		r := ask(t, b, line)
		if r.Error != EINVALID || !want.MatchString(r.Cards[0].Title) {
			t.Errorf("%s: %q (%s)", line, r.Cards[0].Title, r.Error)
		}
	}
}

// TestQuoteReachesEveryMatch: /quote pages through all of its matches, the
// last one included (the embedded dataset has more than 20 for "open"),
// and every page counts the same matches (a search of several words counts
// those matching any of them from the first page on).
func TestQuoteReachesEveryMatch(t *testing.T) {
	b := realdata.Bot(t)
	for words, atLeast := range map[string]int{"open": 21, "regulation bans open source": 2} {
		first := ask(t, b, "/quote "+words)
		if first.Error != "" || first.Pages < atLeast {
			t.Fatalf("/quote %s: %d pages, %q", words, first.Pages, first.Error)
		}
		seen := map[string]bool{}
		for p := 1; p <= first.Pages; p++ {
			r := ask(t, b, "/quote "+words+" page:"+strconv.Itoa(p))
			if r.Error != "" || len(r.Cards) == 0 || len(r.Cards[0].Quotes) != 1 {
				t.Fatalf("/quote %s: page %d of %d: %+v", words, p, first.Pages, r)
			}
			if r.Pages != first.Pages {
				t.Errorf("/quote %s: page %d counts %d pages, page 1 counted %d", words, p, r.Pages, first.Pages)
			}
			seen[r.Cards[0].Quotes[0].QuoteID] = true
			more := false
			for _, a := range r.Actions {
				more = more || a.Label == "more"
			}
			if more != (p < first.Pages) {
				t.Errorf("/quote %s: page %d of %d: more button %v", words, p, first.Pages, more)
			}
		}
		if len(seen) != first.Pages {
			t.Errorf("/quote %s: %d pages showed %d different quotes", words, first.Pages, len(seen))
		}
		if r := ask(t, b, "/quote "+words+" page:"+strconv.Itoa(first.Pages+1)); r.Error != EINVALID {
			t.Errorf("/quote %s: the page after the last: %+v", words, r)
		}
	}
}

func TestAmbiguousNameListsTheMatches(t *testing.T) {
	b := newQuoteBot(t)
	r := ask(t, b, "/person y")
	if r.Error != EINVALID || !strings.Contains(r.Cards[0].Title, "Yann LeCun (yann-lecun), Yoshua Bengio (yoshua-bengio)") {
		t.Errorf("/person y: %q (%s)", r.Cards[0].Title, r.Error)
	}
	if r := ask(t, b, "/person yann"); r.Error != "" {
		t.Errorf("/person yann (one match): %q", r.Cards[0].Title)
	}
}

func TestMissingOptionWording(t *testing.T) {
	b := newQuoteBot(t)
	for line, want := range map[string]string{
		"/quote":       "/quote needs words. Usage: /quote regulation bans open source",
		"/whoendorses": "/whoendorses needs a strategy.",
		"/person":      "/person needs a name.",
	} {
		if r := ask(t, b, line); !strings.HasPrefix(r.Cards[0].Title, want) {
			t.Errorf("%s: %q, want %q", line, r.Cards[0].Title, want)
		}
	}
	if u := Usage(mustCommand(t, b, "strategies")); u != "/strategies [page:N]" {
		t.Errorf("usage %q", u)
	}
}

// TestEchoedInputHasNoControlCharacters: what a user typed comes back in
// error texts without escape sequences or control characters.
func TestEchoedInputHasNoControlCharacters(t *testing.T) {
	b := newQuoteBot(t)
	for _, line := range []string{
		"/whoendorses \x1b[31mred\x1b[0m",
		"/person \x1b]0;title\x07bob\x00",
		"/\x1b[2Jwhoendorses",
		"/quote open page:\x1b[1m",
		"/whoendorses open \x1b[5mfoo:bar",
	} {
		r := ask(t, b, line)
		if r.Error == "" {
			t.Errorf("%q: no error", line)
			continue
		}
		for _, c := range r.Cards[0].Title {
			if c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) {
				t.Errorf("%q: the error echoes control character %U: %q", line, c, r.Cards[0].Title)
				break
			}
		}
	}
}

func TestStripControl(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, é ✓":          "plain text, é ✓",
		"\x1b[31mred\x1b[0m":       "red",
		"a\x1b]0;title\x07b":       "ab",
		"a\x1b]8;;http://x\x1b\\b": "ab",
		"bell\x07 nul\x00 del\x7f": "bell nul del",
		"keep\nlines\tand tabs":    "keep\nlines\tand tabs",
		"c1 \u009b31m csi":         "c1  csi",
		"cut \x1b[":                "cut ",
		"\x1bcreset":               "reset",
		"bad utf8 \xff":            "bad utf8 ",
	} {
		if got := StripControl(in); got != want {
			t.Errorf("StripControl(%q) = %q, want %q", in, got, want)
		}
	}
}

func mustCommand(t *testing.T, b *Bot, name string) Command {
	t.Helper()
	c, ok := b.Command(name)
	if !ok {
		t.Fatalf("no command %s", name)
	}
	return c
}

func FuzzStripControl(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[31mred\x1b[0m", "a\x1b]0;t\x07b", "\u009b1m", "\x1b", "\xff\x00\n\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := StripControl(s)
		for _, r := range got {
			if r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError) {
				t.Fatalf("StripControl(%q) = %q keeps %U", s, got, r)
			}
		}
		if again := StripControl(got); again != got {
			t.Fatalf("StripControl is not idempotent on %q: %q then %q", s, got, again)
		}
	})
}

// TestQuoteFooterEchoesNoControlCharacters: a successful answer that repeats
// the user's words (the /quote footer) repeats them without escapes.
func TestQuoteFooterEchoesNoControlCharacters(t *testing.T) {
	b := newQuoteBot(t)
	r := ask(t, b, "/quote regulation \x1b[31mbans open source")
	if r.Error != "" {
		t.Fatalf("%+v", r)
	}
	if f := r.Cards[0].Footer; strings.ContainsRune(f, 0x1b) || !strings.Contains(f, "regulation bans open source") {
		t.Errorf("footer %q", f)
	}
}
