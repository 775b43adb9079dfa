package seeds

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

const realPost = "Open-source models will become a critical component of civilizational resilience in the AGI age. They will ensure that humanity retains access to a meaningful level of intelligence, regardless of the decisions of any individual actor."

func TestParseThreadReal(t *testing.T) {
	ds, warnings, err := ParseThread(readRaw(t, "thread-open-models-resilience.txt"), defaultThread)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings = %q", warnings)
	}
	headline := "Hugging Face co-founder Thomas Wolf argues open-source AI is essential for civilizational resilience against unilateral corporate control of AGI"
	wantPerson := bot.Person{ID: "thomas-wolf", Name: "Thomas Wolf", Role: "Hugging Face co-founder"}
	if len(ds.People) != 1 || !reflect.DeepEqual(ds.People[0], wantPerson) {
		t.Errorf("people = %+v, want %+v", ds.People, wantPerson)
	}
	wantStance := bot.Stance{PersonID: "thomas-wolf", StrategyID: "open-source", Kind: bot.StanceEndorses,
		Summary: "Argues open-source AI is essential for civilizational resilience against unilateral corporate control of AGI"}
	if len(ds.Stances) != 1 || ds.Stances[0] != wantStance {
		t.Errorf("stances = %+v, want %+v", ds.Stances, wantStance)
	}
	wantQuote := bot.Quote{
		ID: bot.QuoteID("thomas-wolf", "open-source", realPost), PersonID: "thomas-wolf", StrategyID: "open-source",
		Text: realPost, Fidelity: bot.FidelityDirect,
		Source: bot.Source{Type: "tweet", Title: headline, Publisher: "X", Date: bot.Date{Year: 2026, Month: 11, Day: 21}},
	}
	if len(ds.Quotes) != 1 || !reflect.DeepEqual(ds.Quotes[0], wantQuote) {
		t.Errorf("quotes = %+v, want %+v", ds.Quotes, wantQuote)
	}
	if ds.Board != nil || len(ds.Strategies) != 0 || len(ds.Stories) != 1 {
		t.Fatalf("board %v, strategies %d, stories %d", ds.Board, len(ds.Strategies), len(ds.Stories))
	}
	s := ds.Stories[0]
	if s.ID != "hugging-face-co-founder-thomas-wolf-argues-open-source-ai-is" || s.Headline != headline || s.QuoteID != wantQuote.ID {
		t.Errorf("story = %q %q %q", s.ID, s.Headline, s.QuoteID)
	}
	var headings []string
	for _, sec := range s.Sections {
		headings = append(headings, sec.Heading)
	}
	if want := []string{"", "A Reply Flags Potential Bans", "Key Mechanics Left Unstated"}; !reflect.DeepEqual(headings, want) {
		t.Errorf("section headings = %q, want %q", headings, want)
	}
	if !strings.HasPrefix(s.Sections[1].Text, "Academic Chenhao Tan responded") ||
		!strings.HasSuffix(s.Sections[2].Text, "\n\nUsers express optimism that open-source models can evolve into a critical backup for civilizational resilience in the AGI age.") {
		t.Errorf("sections = %q", s.Sections)
	}
	if len(s.Replies) != 7 {
		t.Fatalf("%d replies, want 7", len(s.Replies))
	}
	wantReplies := map[int]bot.StoryReply{
		0: {To: []string{"@Thom_Wolf"}, Text: "Forbidding open models could be the next move for governments.", QuotesPost: true},
		3: {To: []string{"@Thom_Wolf", "@JagersbergKnut"}, Text: "Support for open models and serving infrastructure will soon become election issues."},
		6: {To: []string{"@Thom_Wolf"}, Text: "resilience through distributed access seems like the right frame\navailability alone isn't enough though without strong governance"},
	}
	for i, want := range wantReplies {
		if !reflect.DeepEqual(s.Replies[i], want) {
			t.Errorf("reply %d = %+v, want %+v", i, s.Replies[i], want)
		}
	}
	for i, r := range s.Replies {
		if r.QuotesPost != (i == 0) || r.Text == "" || strings.Contains(r.Text, realPost) {
			t.Errorf("reply %d = %+v", i, r)
		}
	}
}

func TestParseThreadSynthetic(t *testing.T) {
	opts := ThreadOptions{PersonName: "Ann Able", StrategyID: "pause", Stance: bot.StanceOpposes, Date: bot.Date{Year: 2025}}
	tests := []struct {
		name, data string
		role, sum  string
		replies    []bot.StoryReply
		warnings   []string
	}{
		{
			name: "headline without the name, no sections",
			data: "We should not pause.\nA debate about pausing\n",
			sum:  "A debate about pausing",
			warnings: []string{
				`no "Most Activity" section: the story has no replies`,
				`no "Story Overview" section: the story has no overview`,
				`the headline does not read "<role> Ann Able <verb> ...": no role recorded, the stance summary is the headline`,
			},
		},
		{
			name: "name first, replies to different handles",
			data: "We should not pause.\nAnn Able rejects a pause\nStory Overview\nShe said so.\nMost Activity\n@a @b hi\n\nWe should not pause.\n\nno handle here\nsecond line\n",
			sum:  "Rejects a pause", role: "",
			replies: []bot.StoryReply{
				{To: []string{"@a", "@b"}, Text: "hi"},
				{QuotesPost: true},
				{Text: "no handle here\nsecond line"},
			},
		},
		{
			name: "role, name and verb",
			data: "We should not pause.\nLab head Ann Able rejects a pause\nStory Overview\nMost Activity\n@ann first\n\n@ann second\n",
			role: "Lab head", sum: "Rejects a pause",
			replies: []bot.StoryReply{{To: []string{"@ann"}, Text: "first"}, {To: []string{"@ann"}, Text: "second"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, warnings, err := ParseThread([]byte(tt.data), opts)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(warnings, tt.warnings) {
				t.Errorf("warnings =\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(tt.warnings, "\n"))
			}
			p := ds.People[0]
			if p.Role != tt.role || p.Aliases != nil { // a handle the post was addressed to is no proof of who wrote it
				t.Errorf("person = %+v", p)
			}
			if ds.Stances[0].Summary != tt.sum || ds.Stances[0].Kind != bot.StanceOpposes {
				t.Errorf("stance = %+v", ds.Stances[0])
			}
			if !reflect.DeepEqual(ds.Stories[0].Replies, tt.replies) {
				t.Errorf("replies = %+v, want %+v", ds.Stories[0].Replies, tt.replies)
			}
		})
	}
}

func TestParseThreadErrors(t *testing.T) {
	good := ThreadOptions{PersonName: "Ann Able", StrategyID: "pause", Stance: bot.StanceEndorses, Date: bot.Date{Year: 2025, Month: 1}}
	data := []byte("post\nheadline\n")
	tests := []struct {
		name string
		edit func(*ThreadOptions)
		data []byte
		want string
	}{
		{"no person", func(o *ThreadOptions) { o.PersonName = " " }, data, "person name"},
		{"no strategy", func(o *ThreadOptions) { o.StrategyID = "" }, data, "strategy id"},
		{"strategy not a slug", func(o *ThreadOptions) { o.StrategyID = "Open source" }, data, "strategy id"},
		{"no stance", func(o *ThreadOptions) { o.Stance = "" }, data, "stance"},
		{"unknown stance", func(o *ThreadOptions) { o.Stance = "likes" }, data, "stance"},
		{"no date", func(o *ThreadOptions) { o.Date = bot.Date{} }, data, "date"},
		{"no headline", func(*ThreadOptions) {}, []byte("just a post\n\n"), "headline"},
		{"not utf-8", func(*ThreadOptions) {}, []byte("post\n\xff\n"), "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := good
			tt.edit(&opts)
			_, _, err := ParseThread(tt.data, opts)
			var be *bot.Error
			if !errors.As(err, &be) || be.Code != bot.EINVALID || !strings.Contains(be.Message, tt.want) {
				t.Errorf("err = %v, want an EINVALID error about %q", err, tt.want)
			}
		})
	}
}
