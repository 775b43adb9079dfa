package seeds

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// fullDataset uses every field of the format.
func fullDataset() bot.Dataset {
	q1 := bot.Quote{PersonID: "ann-able", StrategyID: "pause", Text: "Stop \"now\".\nReally\\ \t!", Fidelity: bot.FidelityDirect,
		Source: bot.Source{Type: "talk", Title: "T", Publisher: "P", Date: bot.Date{Year: 2024, Month: 2, Day: 29}, URL: "https://example.org/t",
			ArchiveURL: "https://archive.example/t", VideoID: "v1", VideoPlatform: "vimeo", StartSeconds: 5, EndSeconds: 9},
		Context: "At a conference.", Date: bot.Date{Year: 2024, Month: 2, Day: 28}, SourceTime: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	q2 := bot.Quote{PersonID: "bob-brown", StrategyID: "open-source", Text: "Maybe ü.", Fidelity: bot.FidelityLoose,
		Provenance: &bot.Provenance{ProposedBy: bot.Actor{Platform: bot.PlatformDiscord, UserID: "42"}, ProposedIn: "discord:C7",
			ProposedAt: time.Date(2026, 11, 21, 9, 0, 1, 5, time.UTC), ApprovedBy: bot.Actor{Platform: bot.PlatformSlack, UserID: "U9"},
			ApprovedAt: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}}
	for _, q := range []*bot.Quote{&q1, &q2} {
		q.ID = quoteID(*q)
	}
	return bot.Dataset{
		Board: &bot.Board{Name: "Generated", ProfiledTotal: 3, Synthetic: true},
		Strategies: []bot.Strategy{
			{ID: "pause", Name: "Pause", Summary: "Stop training", Aliases: []string{"moratorium", "halt"}},
			{ID: "open-source", Name: "Open source", CanonicalID: "race"},
		},
		People: []bot.Person{
			{ID: "bob-brown", Name: "Bob Brown"},
			{ID: "ann-able", Name: "Ann Able", Aliases: []string{"@ann"}, Role: "Lab head",
				Expertise: bot.ExpertiseDeepTechnical, Recognition: bot.RecognitionEmerging, Vintage: bot.VintageScalingEra,
				Profiled: true, Order: 2, Tagline: "Builds labs", Summary: "Ann runs a lab.\nTwo lines.",
				Categories: []string{"researcher", "founder"}, Homepage: "https://ann.example", Wikipedia: "https://en.wikipedia.org/wiki/Ann",
				Twitter: "@ann", LastUpdated: bot.Date{Year: 2026, Month: 5},
				ProfileNotes: bot.ProfileNotes{Expertise: "Led a lab", Recognition: "Cited", Vintage: "Joined 2021"},
				Affiliations: []bot.Affiliation{{Org: "Lab", Role: "Head", Start: "2021", Current: true}, {Org: "Uni", End: "2020"}},
				PDoomClaims: []bot.PDoomClaim{
					{Low: 12.5, High: 12.5, Source: bot.Source{Type: "podcast"}},
					{Low: 10, High: 20, Definition: "extinction by 2100", Date: bot.Date{Year: 2024},
						Source: bot.Source{Title: "Talk", Publisher: "Conf", Date: bot.Date{Year: 2024, Month: 3}, URL: "https://x.example",
							VideoID: "abc", VideoPlatform: "youtube", StartSeconds: 61}},
				},
				Timelines: []bot.TimelineClaim{{Milestone: "AGI", Year: 2030, Probability: 50}, {Milestone: "TAI", RangeFrom: 2030, RangeTo: 2040,
					Date: bot.Date{Year: 2025}, Source: bot.Source{Title: "Blog"}}},
				SourceTime: time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC)},
			{ID: "cy-cole", Name: "Cy Cole", Order: 1, Unprofiled: true, PDoomClaims: []bot.PDoomClaim{{}}},
		},
		Canonical: []bot.CanonicalStrategy{
			{ID: "pause-ai", Name: "Pause AI", Bet: "Stop", Mechanism: "Treaty", ConflictsWith: []string{"race"}, ComplementsWith: []string{"compute", "treaty"}},
			{ID: "race", Name: "Race"},
		},
		Stated: []bot.StatedAggregates{{StrategyID: "open-source", Source: "board export", StatedEndorsers: 2, Opposers: 0,
			ProfiledEndorsers: 1, QuotesByEndorsers: bot.NotStated, VintageAssigned: 1,
			PDoom:        &bot.StatedPDoom{Mean: 25, Median: bot.NotStated, N: 2},
			ExpertiseMix: map[bot.Expertise]int{bot.ExpertiseDeepTechnical: 1, bot.ExpertiseCommentator: 0},
			VintageMix:   map[bot.Vintage]int{bot.VintageScalingEra: 1},
			Unnamed:      []bot.UnnamedCell{{Expertise: bot.ExpertiseFrontierBuilder, Recognition: bot.RecognitionFieldLeading, Count: 1}},
			People:       []string{"bob-brown", "cy-cole"}}},
		Stances: []bot.Stance{
			{PersonID: "bob-brown", StrategyID: "open-source", Kind: bot.StanceMixed},
			{PersonID: "ann-able", StrategyID: "pause", Kind: bot.StanceEvolvedToward, Summary: "Came round.", Tentative: true, Order: 1,
				SourceTime: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)},
			{PersonID: "cy-cole", StrategyID: "pause", Kind: bot.StanceEvolvedAway},
		},
		Quotes: []bot.Quote{q2, q1},
		Stories: []bot.Story{{
			ID: "a-story", Headline: "Ann Able says stop", QuoteID: q1.ID,
			Sections: []bot.StorySection{{Text: "Overview."}, {Heading: "H", Text: "a\n\nb"}, {}},
			Replies:  []bot.StoryReply{{To: []string{"@ann", "@bob"}, Text: "x", QuotesPost: true}, {Text: "no handle"}},
		}},
	}
}

func TestDatasetRoundTrip(t *testing.T) {
	for name, ds := range map[string]bot.Dataset{"full": fullDataset(), "default": buildDefault(t), "empty": {}} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := WriteDir(dir, ds); err != nil {
				t.Fatal(err)
			}
			got, err := ReadDir(os.DirFS(dir), ".")
			if err != nil {
				t.Fatal(err)
			}
			if want := sortedDataset(ds); !reflect.DeepEqual(got, want) {
				t.Errorf("read back =\n%+v\nwant\n%+v", got, want)
			}
			dir2 := t.TempDir()
			if err := WriteDir(dir2, got); err != nil {
				t.Fatal(err)
			}
			for _, f := range DatasetFiles {
				a, errA := os.ReadFile(filepath.Join(dir, f))
				b, errB := os.ReadFile(filepath.Join(dir2, f))
				if err := errors.Join(errA, errB); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a, b) {
					t.Errorf("%s differs after export -> import -> export:\n%s\n---\n%s", f, a, b)
				}
			}
		})
	}
}

func TestWriteDirRefusesInvalid(t *testing.T) {
	ds := fullDataset()
	ds.Quotes[0].Fidelity = "exact words"
	err := WriteDir(t.TempDir(), ds)
	if err == nil || !strings.Contains(err.Error(), `unknown fidelity "exact words"`) {
		t.Errorf("err = %v", err)
	}
	ds = fullDataset()
	ds.People[0].Name = "Bad \xff"
	if err := WriteDir(t.TempDir(), ds); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("err = %v", err)
	}
}

// validFiles is a small valid dataset directory.
var validFiles = map[string]string{
	"board.toml":      "name = \"B\"\nprofiled_total = 1\n",
	"strategies.toml": "[[strategy]]\nid = \"s\"\nname = \"S\"\n",
	"people.toml":     "# people\n\n[[person]]\nid = \"a\"\nname = \"A\"\n\n[[person]]\nid = \"b\"\nname = \"B\"\n",
	"stances.toml":    "[[stance]]\nperson = \"a\"\nstrategy = \"s\"\nkind = \"endorses\"\n\n[[stance]]\nperson = \"b\"\nstrategy = \"s\"\nkind = \"opposes\"\n",
	"quotes.toml":     "[[quote]]\nperson = \"a\"\nstrategy = \"s\"\ntext = \"t\"\nfidelity = \"direct quote\"\ndate = \"2024-02\"\n",
	"stories.toml":    "",
	"canonical.toml":  "",
	"stated.toml":     "",
}

func TestReadDirValid(t *testing.T) {
	ds, err := ReadDir(dirFS(nil), "data")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.People) != 2 || len(ds.Stances) != 2 || len(ds.Quotes) != 1 || ds.Quotes[0].ID != bot.QuoteID("a", "s", "t") ||
		ds.Quotes[0].Source.Date != (bot.Date{Year: 2024, Month: 2}) || ds.Board.Synthetic {
		t.Errorf("dataset = %+v", ds)
	}
	ds, err = ReadDir(dirFS(map[string]string{"board.toml": "name = \"Gen\"\nsynthetic = true\n"}), "data")
	if err != nil || !ds.Board.Synthetic {
		t.Errorf("synthetic board: %+v, %v", ds.Board, err)
	}
	ds, err = ReadDir(dirFS(map[string]string{"quotes.toml": "[[quote]]\nperson = \"a\"\nstrategy = \"s\"\ntext = \"t\"\nfidelity = \"loose paraphrase\"\ndate = 2023-06-22\n"}), "data")
	if err != nil || ds.Quotes[0].Source.Date != (bot.Date{Year: 2023, Month: 6, Day: 22}) {
		t.Errorf("TOML date: %+v, %v", ds.Quotes, err)
	}
}

// dirFS is validFiles under data/, with some files replaced ("" removes one).
func dirFS(replace map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range validFiles {
		if r, ok := replace[name]; ok {
			body = r
		}
		if body != "" || replace == nil {
			fsys["data/"+name] = &fstest.MapFile{Data: []byte(body)}
		}
	}
	return fsys
}

func TestReadDirErrors(t *testing.T) {
	story := "[[story]]\nid = \"st\"\nheadline = \"H\"\nquote = \"" + bot.QuoteID("a", "s", "t") + "\"\n\n[[story.section]]\ntext = \"x\"\n\n[[story.reply]]\ntext = \"r1\"\n\n[[story.reply]]\n"
	tests := []struct {
		name    string
		replace map[string]string
		file    string
		line    int
		msg     string
	}{
		{"TOML syntax", map[string]string{"people.toml": "[[person]]\nid = \"a\"\nname = \"A\n"}, "people.toml", 3, "newline"},
		{"unknown field", map[string]string{"people.toml": validFiles["people.toml"] + "nmae = \"x\"\n"}, "people.toml", 10, `unknown field "nmae"`},
		{"unknown table", map[string]string{"people.toml": validFiles["people.toml"] + "\n[[persons]]\nid = \"c\"\n"}, "people.toml", 11, `unknown field "persons"`},
		{"not tables", map[string]string{"people.toml": "person = \"a\"\n"}, "people.toml", 1, "want [[person]] tables"},
		{"wrong type", map[string]string{"people.toml": validFiles["people.toml"] + "profiled = \"yes\"\n"}, "people.toml", 10, "profiled: want true or false, got a string"},
		{"unknown expertise", map[string]string{"people.toml": "[[person]]\nid = \"a\"\nname = \"A\"\nexpertise = \"Deep technical\"\n\n[[person]]\nid = \"b\"\nname = \"B\"\n"}, "people.toml", 4, `unknown expertise "Deep technical"`},
		{"p(doom) out of range", map[string]string{"people.toml": validFiles["people.toml"] + "[[person.pdoom]]\nvalue = 120\n"}, "people.toml", 10, "not a percentage"},
		{"p(doom) without a value", map[string]string{"people.toml": validFiles["people.toml"] + "[[person.pdoom]]\nlow = 1\n"}, "people.toml", 10, "needs a value"},
		{"p(doom) value and range", map[string]string{"people.toml": validFiles["people.toml"] + "[[person.pdoom]]\nvalue = 1\nlow = 1\nhigh = 2\n"}, "people.toml", 12, "not both"},
		{"old pdoom field", map[string]string{"people.toml": validFiles["people.toml"] + "pdoom_source = \"x\"\n"}, "people.toml", 10, `unknown field "pdoom_source"`},
		{"timeline without milestone", map[string]string{"people.toml": validFiles["people.toml"] + "[[person.timeline]]\nyear = 2030\n"}, "people.toml", 10, "no milestone"},
		{"stated for unknown strategy", map[string]string{"stated.toml": "[[stated]]\nstrategy = \"nope\"\n"}, "stated.toml", 2, `strategy "nope" is not in`},
		{"stated mix of unknown tier", map[string]string{"stated.toml": "[[stated]]\nstrategy = \"s\"\nexpertise_mix = {genius = 2}\n"}, "stated.toml", 1, "expertise mix"},
		{"video without platform", map[string]string{"quotes.toml": validFiles["quotes.toml"] + "video_id = \"x\"\n"}, "quotes.toml", 1, "platform"},
		{"person id not a slug", map[string]string{"people.toml": "[[person]]\nid = \"a\"\nname = \"A\"\n[[person]]\nid = \"B b\"\nname = \"B\"\n"}, "people.toml", 5, `person id "B b" is not a slug`},
		{"duplicate person", map[string]string{"people.toml": validFiles["people.toml"] + "\n[[person]]\nid = \"a\"\nname = \"A2\"\n"}, "people.toml", 12, `a second person with id "a"`},
		{"dangling person id", map[string]string{"stances.toml": "[[stance]]\nperson = \"a\"\nstrategy = \"s\"\nkind = \"endorses\"\n\n[[stance]]\nperson = \"zed\"\nstrategy = \"s\"\nkind = \"opposes\"\n"}, "stances.toml", 7, `person "zed" is not in people.toml`},
		{"unknown stance kind", map[string]string{"stances.toml": "[[stance]]\nperson = \"a\"\nstrategy = \"s\"\nkind = \"likes\"\n"}, "stances.toml", 4, `unknown stance kind "likes"`},
		{"second stance", map[string]string{"stances.toml": validFiles["stances.toml"] + "\n[[stance]]\nperson = \"a\"\nstrategy = \"s\"\nkind = \"mixed\"\n"}, "stances.toml", 11, "a second stance"},
		{"unknown fidelity", map[string]string{"quotes.toml": "[[quote]]\nperson = \"a\"\nstrategy = \"s\"\ntext = \"t\"\nfidelity = \"exact\"\n"}, "quotes.toml", 5, `unknown fidelity "exact"`},
		{"dangling strategy", map[string]string{"quotes.toml": "[[quote]]\nperson = \"a\"\n\nstrategy = \"nope\"\ntext = \"t\"\nfidelity = \"direct quote\"\n"}, "quotes.toml", 4, `strategy "nope" is not in strategies.toml`},
		{"bad date", map[string]string{"quotes.toml": "[[quote]]\nperson = \"a\"\nstrategy = \"s\"\ntext = \"t\"\nfidelity = \"direct quote\"\ndate = \"2024-13\"\n"}, "quotes.toml", 6, "out of range"},
		{"quote id mismatch", map[string]string{"quotes.toml": "[[quote]]\nid = \"q123\"\nperson = \"a\"\nstrategy = \"s\"\ntext = \"t\"\nfidelity = \"direct quote\"\n"}, "quotes.toml", 2, `quote id "q123" does not match`},
		{"no quote text", map[string]string{"quotes.toml": "[[quote]]\nperson = \"a\"\nstrategy = \"s\"\nfidelity = \"direct quote\"\n"}, "quotes.toml", 1, "has no text"},
		{"board type", map[string]string{"board.toml": "name = \"B\"\nsynthetic = \"true\"\n"}, "board.toml", 2, "synthetic: want true or false"},
		{"board without name", map[string]string{"board.toml": "profiled_total = 3\n"}, "board.toml", 0, "the board has no name"},
		{"story quote", map[string]string{"stories.toml": strings.Replace(story, bot.QuoteID("a", "s", "t"), "qnope", 1)}, "stories.toml", 4, `quote "qnope" is not in quotes.toml`},
		{"story reply type", map[string]string{"stories.toml": story + "to = [1]\n"}, "stories.toml", 13, "to: want a list of strings"},
		{"story reply empty handle", map[string]string{"stories.toml": story + "to = [\" \"]\n"}, "stories.toml", 13, "empty handle"},
		{"story section field", map[string]string{"stories.toml": strings.Replace(story, "text = \"x\"", "txt = \"x\"", 1)}, "stories.toml", 7, `unknown field "txt"`},
		{"multi-line string", map[string]string{"people.toml": "[[person]]\nid = \"a\"\nrole = \"\"\"\n[[person]]\nid = \"x\"\n\"\"\"\nname = \"A\"\n\n[[person]]\nid = \"b\"\nname = \"B\"\nvintage = \"modern\"\n"}, "people.toml", 12, `unknown vintage "modern"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadDir(dirFS(tt.replace), "data")
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FileError", err)
			}
			if fe.File != "data/"+tt.file || fe.Line != tt.line || !strings.Contains(fe.Msg, tt.msg) {
				t.Errorf("err = %v, want data/%s:%d: ...%s...", err, tt.file, tt.line, tt.msg)
			}
		})
	}
}

func TestReadDirNoFiles(t *testing.T) {
	_, err := ReadDir(fstest.MapFS{"data/README": &fstest.MapFile{}}, "data")
	var fe *FileError
	if !errors.As(err, &fe) || fe.File != "data" || !strings.Contains(fe.Msg, "no dataset files") {
		t.Errorf("err = %v", err)
	}
}
