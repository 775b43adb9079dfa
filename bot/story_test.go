package bot_test

import (
	"strings"
	"testing"

	. "github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
	"github.com/stancebot/stancebot/seeds"
)

// newSeededBot is a bot over the embedded dataset (the real exports).
func newSeededBot(t *testing.T) (*Bot, Dataset) {
	t.Helper()
	ds, err := seeds.Default()
	if err != nil {
		t.Fatal(err)
	}
	return realdata.Bot(t), ds
}

func TestStory(t *testing.T) {
	b, ds := newSeededBot(t)
	if len(ds.Stories) == 0 {
		t.Fatal("the embedded dataset has no story")
	}
	s := ds.Stories[0]

	list := ask(t, b, "/story")
	if list.Error != "" || list.Cards[0].Title != "Stories (1)" || len(list.Cards[0].Fields) != 1 {
		t.Fatalf("/story: %+v", list)
	}
	if f := list.Cards[0].Fields[0]; f.Name != s.Headline || !strings.Contains(f.Value, "/story "+s.ID) ||
		!strings.Contains(f.Value, "post by Thomas Wolf · 7 replies") {
		t.Errorf("list entry %+v", f)
	}

	for _, line := range []string{"/story " + s.ID, "/story thomas wolf", "/story hugging-face"} {
		r := ask(t, b, line)
		if r.Error != "" || len(r.Cards) != 3 {
			t.Fatalf("%s: %+v", line, r)
		}
		head, overview, replies := r.Cards[0], r.Cards[1], r.Cards[2]
		if head.Title != s.Headline || len(head.Quotes) != 1 || head.Quotes[0].QuoteID != s.QuoteID ||
			head.Quotes[0].Speaker != "Thomas Wolf" {
			t.Errorf("%s: the post's card %+v", line, head)
		}
		// Every section, under its heading (or as the text when it has none), in order.
		var shown []string
		if overview.Text != "" {
			shown = append(shown, overview.Text)
		}
		for _, f := range overview.Fields {
			shown = append(shown, f.Name+": "+f.Value)
		}
		// A section without a heading is the card's text, above the
		// headed ones, which keep the export's order as fields.
		var text, want []string
		for _, sec := range s.Sections {
			if sec.Heading == "" {
				text = append(text, sec.Text)
			} else {
				want = append(want, sec.Heading+": "+sec.Text)
			}
		}
		want = append(text, want...)
		if strings.Join(shown, "|") != strings.Join(want, "|") {
			t.Errorf("%s: overview %q, want %q", line, shown, want)
		}
		if replies.Title != "Replies (7)" || !strings.HasPrefix(replies.Text, "@Thom_Wolf Forbidding open models could be the next move for governments.\n(quoting the post)\n\n") ||
			!strings.Contains(replies.Text, "@Thom_Wolf @JagersbergKnut Support for open models") {
			t.Errorf("%s: replies %q", line, replies.Text)
		}
	}

	if r := ask(t, b, "/story nothing like it"); r.Error != ENOTFOUND {
		t.Errorf("/story nothing like it: %+v", r)
	}
}

// TestStoryPostLinksToTheStory: the post's quote card, wherever it is
// shown, has a button that opens its story.
func TestStoryPostLinksToTheStory(t *testing.T) {
	b, ds := newSeededBot(t)
	want := Action{Label: "the story", Command: "/story " + ds.Stories[0].ID}
	for _, line := range []string{"/quote civilizational resilience", "/person thomas wolf"} {
		r := ask(t, b, line)
		found := false
		for _, a := range r.Actions {
			found = found || a == want
		}
		if r.Error != "" || !found {
			t.Errorf("%s: actions %+v, want %+v", line, r.Actions, want)
		}
	}
	for _, a := range ask(t, b, "/person joelle pineau").Actions {
		if strings.HasPrefix(a.Command, "/story") {
			t.Errorf("a person without a story post links to one: %+v", a)
		}
	}
}

func TestStoryWithoutStories(t *testing.T) {
	b := newQuoteBot(t)
	r := ask(t, b, "/story")
	if r.Error != "" || !strings.Contains(r.Cards[0].Text, "No story is on record") {
		t.Errorf("/story on a store without stories: %+v", r)
	}
	if r := ask(t, b, "/story x"); r.Error != ENOTFOUND || !strings.Contains(r.Cards[0].Title, "no story is on record") {
		t.Errorf("/story x: %+v", r)
	}
}
