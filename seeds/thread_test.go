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
	// The stance is what the import was told, with no summary: the
	// headline's words are X's, not the post's.
	wantStance := bot.Stance{PersonID: "thomas-wolf", StrategyID: "open-source", Kind: bot.StanceEndorses, KindSupplied: true}
	if len(ds.Stances) != 1 || ds.Stances[0] != wantStance {
		t.Errorf("stances = %+v, want %+v", ds.Stances, wantStance)
	}
	wantQuote := bot.Quote{
		ID: bot.QuoteID("thomas-wolf", "open-source", realPost), PersonID: "thomas-wolf", StrategyID: "open-source",
		Text: realPost, Fidelity: bot.FidelityDirect,
		Source:       bot.Source{Type: "tweet", Publisher: "X", Date: bot.Date{Year: 2026, Month: 11, Day: 21}},
		Context:      "Post of the X story headlined: " + headline,
		DateSupplied: true,
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
	// The overview's sections exactly as the export lays them out: each
	// heading with its paragraph, "Story Overview" included, and the last
	// paragraph on its own.
	wantSections := []bot.StorySection{
		{Heading: "Story Overview", Text: "Hugging Face co-founder Thomas Wolf posted that open-source models will help humanity retain meaningful access to advanced intelligence even if AGI ends up under the control of one organization or decision-maker, framing this as a safeguard for civilizational resilience."},
		{Heading: "A Reply Flags Potential Bans", Text: "Academic Chenhao Tan responded that governments might simply forbid open-source models as a way to limit AGI access, introducing a regulatory counterpoint without elaborating on enforcement or timing."},
		{Heading: "Key Mechanics Left Unstated", Text: "The thread supplies no details on how open models would deliver this resilience or what specific decisions by single actors are being guarded against."},
		{Text: "Users express optimism that open-source models can evolve into a critical backup for civilizational resilience in the AGI age."},
	}
	if !reflect.DeepEqual(s.Sections, wantSections) {
		t.Errorf("sections =\n%q\nwant\n%q", s.Sections, wantSections)
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

func TestParseThreadWithoutDate(t *testing.T) {
	opts := defaultThread
	opts.Date, opts.Summary = bot.Date{}, " Argues open models keep humanity's access to intelligence. "
	ds, warnings, err := ParseThread(readRaw(t, "thread-open-models-resilience.txt"), opts)
	if err != nil {
		t.Fatal(err)
	}
	q := ds.Quotes[0]
	if !q.Source.Date.IsZero() || q.DateSupplied {
		t.Errorf("quote date %v, supplied %v: want unknown", q.Source.Date, q.DateSupplied)
	}
	if got := ds.Stances[0].Summary; got != "Argues open models keep humanity's access to intelligence." {
		t.Errorf("summary = %q", got)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "date is unknown") {
		t.Errorf("warnings = %q", warnings)
	}
}

// TestParseThreadTruncated cuts the real export at every byte: each cut
// either parses to what the whole export says, minus at most the end of
// its last reply, or is refused. The post, headline, overview and every
// reply before the last are never truncated.
func TestParseThreadTruncated(t *testing.T) {
	data := readRaw(t, "thread-open-models-resilience.txt")
	whole, _, err := ParseThread(data, defaultThread)
	if err != nil {
		t.Fatal(err)
	}
	ws := whole.Stories[0]
	accepted := 0
	for n := 0; n < len(data); n++ {
		ds, _, err := ParseThread(data[:n], defaultThread)
		if err != nil {
			if bot.ErrorCode(err) != bot.EINVALID {
				t.Fatalf("cut at %d: %v", n, err)
			}
			continue
		}
		accepted++
		s := ds.Stories[0]
		if !reflect.DeepEqual(ds.Quotes, whole.Quotes) || !reflect.DeepEqual(ds.Stances, whole.Stances) ||
			!reflect.DeepEqual(ds.People, whole.People) || s.Headline != ws.Headline || !reflect.DeepEqual(s.Sections, ws.Sections) {
			t.Fatalf("cut at %d: accepted with a changed post, stance, person, headline or overview", n)
		}
		last := len(s.Replies) - 1
		if last < 0 || !reflect.DeepEqual(s.Replies[:last], ws.Replies[:last]) ||
			!strings.HasPrefix(ws.Replies[last].Text, s.Replies[last].Text) {
			t.Fatalf("cut at %d: replies %+v are not a prefix of the whole export's", n, s.Replies)
		}
	}
	if accepted == 0 || accepted == len(data) {
		t.Errorf("%d of %d cuts accepted", accepted, len(data))
	}
}

func TestParseThreadSynthetic(t *testing.T) {
	opts := ThreadOptions{PersonName: "Ann Able", StrategyID: "pause", Stance: bot.StanceOpposes, Date: bot.Date{Year: 2025}}
	tests := []struct {
		name, data string
		role       string
		sections   []bot.StorySection
		replies    []bot.StoryReply
		warnings   []string
	}{
		{
			name:     "headline without the name",
			data:     "We should not pause.\nA debate about pausing\nStory Overview\nIt was said.\nMost Activity\n@a ok\n",
			sections: []bot.StorySection{{Heading: "Story Overview", Text: "It was said."}},
			replies:  []bot.StoryReply{{To: []string{"@a"}, Text: "ok"}},
			warnings: []string{`the headline does not read "<role> Ann Able <verb> ...": no role recorded`},
		},
		{
			name:     "name first, replies to different handles",
			data:     "We should not pause.\nAnn Able rejects a pause\nStory Overview\nShe said so.\nMore on it.\nMost Activity\n@a @b hi\n\nWe should not pause.\n\nno handle here\nsecond line\n",
			sections: []bot.StorySection{{Heading: "Story Overview", Text: "She said so."}, {Text: "More on it."}},
			replies: []bot.StoryReply{
				{To: []string{"@a", "@b"}, Text: "hi"},
				{QuotesPost: true},
				{Text: "no handle here\nsecond line"},
			},
		},
		{
			name:     "role, name and verb",
			data:     "We should not pause.\nLab head Ann Able rejects a pause\nStory Overview\nA.\nA Heading\nB.\nMost Activity\n@ann first\n\n@ann second\n",
			role:     "Lab head",
			sections: []bot.StorySection{{Heading: "Story Overview", Text: "A."}, {Heading: "A Heading", Text: "B."}},
			replies:  []bot.StoryReply{{To: []string{"@ann"}, Text: "first"}, {To: []string{"@ann"}, Text: "second"}},
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
			if st := ds.Stances[0]; st.Summary != "" || st.Kind != bot.StanceOpposes || !st.KindSupplied {
				t.Errorf("stance = %+v", st)
			}
			if !reflect.DeepEqual(ds.Stories[0].Sections, tt.sections) {
				t.Errorf("sections = %+v, want %+v", ds.Stories[0].Sections, tt.sections)
			}
			if !reflect.DeepEqual(ds.Stories[0].Replies, tt.replies) {
				t.Errorf("replies = %+v, want %+v", ds.Stories[0].Replies, tt.replies)
			}
		})
	}
}

func TestParseThreadErrors(t *testing.T) {
	good := ThreadOptions{PersonName: "Ann Able", StrategyID: "pause", Stance: bot.StanceEndorses, Date: bot.Date{Year: 2025, Month: 1}}
	data := []byte("post\nheadline\nStory Overview\nA.\nMost Activity\n@a b\n")
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
		{"future date", func(o *ThreadOptions) { o.Date = bot.Date{Year: 2999, Month: 1, Day: 1} }, data, "2999-01-01 is in the future"},
		{"future month", func(o *ThreadOptions) {
			o.Date, o.Today = bot.Date{Year: 2025, Month: 3}, bot.Date{Year: 2025, Month: 2, Day: 28}
		}, data, "future"},
		{"control character in the summary", func(o *ThreadOptions) { o.Summary = "a\x1b[31m" }, data, "control characters"},
		{"no headline", func(*ThreadOptions) {}, []byte("just a post\n\n"), "headline"},
		{"not utf-8", func(*ThreadOptions) {}, []byte("post\n\xff\n"), "UTF-8"},
		{"NUL", func(*ThreadOptions) {}, []byte("post\nhead\x00line\nStory Overview\nA.\nMost Activity\n@a b\n"), "line 2 has the control character U+0000"},
		{"escape", func(*ThreadOptions) {}, []byte("post\nheadline\nStory Overview\nA.\nMost Activity\n@a \x1b[2Jb\n"), "line 6 has the control character U+001B"},
		{"no overview", func(*ThreadOptions) {}, []byte("post\nheadline\nMost Activity\n@a b\n"), `no "Story Overview"`},
		{"no replies section", func(*ThreadOptions) {}, []byte("post\nheadline\nStory Overview\nA.\n"), `no "Most Activity"`},
		{"heading without paragraph", func(*ThreadOptions) {}, []byte("post\nheadline\nStory Overview\nA.\nB Heading\nMost Activity\n@a b\n"), `"B Heading" has no paragraph`},
		{"no reply", func(*ThreadOptions) {}, []byte("post\nheadline\nStory Overview\nA.\nMost Activity\n\n"), "no reply"},
		{"reply of handles only", func(*ThreadOptions) {}, []byte("post\nheadline\nStory Overview\nA.\nMost Activity\n@a b\n\n@a\n"), "only handles"},
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
