package seeds

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

func parseRealBoard(t *testing.T) *BoardPage {
	t.Helper()
	page, err := ParseBoard(readRaw(t, "board-open-source.txt"))
	if err != nil {
		t.Fatalf("ParseBoard: %v", err)
	}
	return page
}

func TestParseBoardRealStrategy(t *testing.T) {
	page := parseRealBoard(t)
	ds := page.Dataset
	if want := (bot.Board{Name: "AGI Strategies", ProfiledTotal: 248}); ds.Board == nil || *ds.Board != want {
		t.Errorf("board = %+v, want %+v", ds.Board, want)
	}
	want := []bot.Strategy{{
		ID: "open-source", Name: "Open source",
		Summary: "Release weights widely; transparency beats closed safety",
		Aliases: []string{"open weights"},
	}}
	if !reflect.DeepEqual(ds.Strategies, want) {
		t.Errorf("strategies = %+v, want %+v", ds.Strategies, want)
	}
	if len(ds.Stories) != 0 {
		t.Errorf("stories = %d, want 0", len(ds.Stories))
	}
}

func TestParseBoardRealAggregates(t *testing.T) {
	a := parseRealBoard(t).Aggregates
	want := Aggregates{
		StatedEndorsers: 37, StatedOpposers: 0, ProfiledEndorsers: 8, BoardTotal: 248,
		PDoom:             &PDoomStats{Mean: 25, Median: 25, N: 2},
		QuotesByEndorsers: 37, GridProfiled: 8, GridBoardTotal: 248, MixProfiled: 8, MixEndorsers: 37,
		ExpertiseMix: map[bot.Expertise]int{
			bot.ExpertiseFrontierBuilder: 3, bot.ExpertiseDeepTechnical: 3, bot.ExpertiseAppliedTechnical: 0,
			bot.ExpertisePolicyMeta: 1, bot.ExpertiseExternalExpert: 0, bot.ExpertiseCommentator: 1,
		},
		RecognitionMix: map[bot.Recognition]int{
			bot.RecognitionHouseholdName: 4, bot.RecognitionFieldLeading: 4,
			bot.RecognitionEstablished: 0, bot.RecognitionEmerging: 0,
		},
		VintageAssigned: 8, VintageProfiled: 8,
		VintageMix: map[bot.Vintage]int{
			bot.VintagePioneer: 0, bot.VintageSymbolicEra: 2, bot.VintagePreDeepLearning: 0,
			bot.VintageDeepLearningRise: 4, bot.VintageScalingEra: 2, bot.VintagePostChatGPT: 0,
		},
		PeopleOnRecord: 37,
	}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("aggregates =\n%+v\nwant\n%+v", a, want)
	}
}

func TestParseBoardRealPeople(t *testing.T) {
	ds := parseRealBoard(t).Dataset
	if len(ds.People) != 37 || len(ds.Stances) != 37 || len(ds.Quotes) != 37 {
		t.Fatalf("people %d, stances %d, quotes %d; want 37 each", len(ds.People), len(ds.Stances), len(ds.Quotes))
	}
	ids := map[string]bool{}
	for i, p := range ds.People {
		if p.ID != bot.Slug(p.Name) || p.Role == "" || ids[p.ID] {
			t.Errorf("person %d = %+v", i, p)
		}
		ids[p.ID] = true
		if p.Vintage != "" || p.PDoomClaims != nil {
			t.Errorf("%s: vintage %q, p(doom) %v invented", p.Name, p.Vintage, p.PDoomClaims)
		}
		s := ds.Stances[i]
		if s.PersonID != p.ID || s.StrategyID != "open-source" || s.Kind != bot.StanceEndorses || s.Summary == "" {
			t.Errorf("stance %d = %+v", i, s)
		}
		q := ds.Quotes[i]
		if q.PersonID != p.ID || q.ID != bot.QuoteID(p.ID, "open-source", q.Text) || q.Source.Date.IsZero() ||
			q.Source.Title == "" || q.Source.Publisher == "" || strings.ContainsAny(q.Text, "“”") {
			t.Errorf("quote %d = %+v", i, q)
		}
	}
	// The photo's alt text repeats some names; each person is there once.
	for _, name := range []string{"Ali Ghodsi", "Joëlle Pineau", "Yann LeCun"} {
		if !ids[bot.Slug(name)] {
			t.Errorf("%s missing", name)
		}
	}
	if ds.People[2].Name != "Ali Ghodsi" || ds.People[2].Role != "Databricks co-founder and CEO" {
		t.Errorf("people[2] = %+v", ds.People[2])
	}
}

func TestParseBoardRealQuotes(t *testing.T) {
	ds := parseRealBoard(t).Dataset
	fidelities := map[bot.Fidelity]int{}
	types := map[string]int{}
	var contexts []string
	for _, q := range ds.Quotes {
		fidelities[q.Fidelity]++
		types[q.Source.Type]++
		if q.Context != "" {
			contexts = append(contexts, q.PersonID+": "+q.Context)
		}
	}
	wantF := map[bot.Fidelity]int{bot.FidelityDirect: 5, bot.FidelityFaithful: 18, bot.FidelityLoose: 14}
	if !reflect.DeepEqual(fidelities, wantF) {
		t.Errorf("fidelities = %v, want %v", fidelities, wantF)
	}
	wantT := map[string]int{"article": 23, "blog": 6, "paper": 4, "book": 1, "podcast": 1, "testimony": 1, "tweet": 1}
	if !reflect.DeepEqual(types, wantT) {
		t.Errorf("source types = %v, want %v", types, wantT)
	}
	wantC := []string{"clement-delangue: Testimony to the US House Science, Space, and Technology Committee."}
	if !reflect.DeepEqual(contexts, wantC) {
		t.Errorf("contexts = %q, want %q", contexts, wantC)
	}
	byPerson := map[string]bot.Quote{}
	for _, q := range ds.Quotes {
		byPerson[q.PersonID] = q
	}
	tests := []struct {
		person string
		want   bot.Quote
	}{
		{"colin-raffel", bot.Quote{
			Text:     "We propose a unified framework that converts every text-based language problem into a text-to-text format. The simple objective lets us study transfer learning systematically.",
			Fidelity: bot.FidelityDirect,
			Source:   bot.Source{Type: "paper", Title: "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer", Publisher: "arXiv / Google Research", Date: bot.Date{Year: 2019, Month: 10}},
		}},
		{"clement-delangue", bot.Quote{
			Text:     "Open science and open source create a safer path for development of the technology by giving civil society, nonprofits, academia and policymakers the capabilities they need to counterbalance the power of big private companies.",
			Fidelity: bot.FidelityDirect,
			Source:   bot.Source{Type: "testimony", Title: "Hugging Face CEO tells US House open-source AI is 'extremely aligned' with American interests", Publisher: "US House Science, Space, and Technology Committee", Date: bot.Date{Year: 2023, Month: 6, Day: 22}},
			Context:  "Testimony to the US House Science, Space, and Technology Committee.",
		}},
		{"jeremy-howard", bot.Quote{
			Text:     "We need open research and open models. The closed-lab approach is a danger to civil society.",
			Fidelity: bot.FidelityLoose,
			Source:   bot.Source{Type: "article", Title: "fast.ai homepage", Publisher: "fast.ai", Date: bot.Date{Year: 2023}},
		}},
		{"yann-lecun", bot.Quote{
			Text:     "The smartest among us do not want to dominate the others. The idea that because a system is intelligent, it wants to take control is completely false.",
			Fidelity: bot.FidelityFaithful,
			Source:   bot.Source{Type: "article", Title: "Meta Chief A.I. Scientist Yann LeCun says A.I. doomsayers are 'preposterous'", Publisher: "Fortune", Date: bot.Date{Year: 2023, Month: 6, Day: 14}},
		}},
	}
	for _, tt := range tests {
		got := byPerson[tt.person]
		tt.want.ID, tt.want.PersonID, tt.want.StrategyID = bot.QuoteID(tt.person, "open-source", tt.want.Text), tt.person, "open-source"
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s's quote =\n%+v\nwant\n%+v", tt.person, got, tt.want)
		}
	}
}

func TestParseBoardRealTiers(t *testing.T) {
	page := parseRealBoard(t)
	type tiers struct {
		E bot.Expertise
		R bot.Recognition
	}
	got := map[string]tiers{}
	for _, p := range page.Dataset.People {
		if p.Profiled || p.Expertise != "" || p.Recognition != "" {
			got[p.ID] = tiers{p.Expertise, p.Recognition}
			if !p.Profiled {
				t.Errorf("%s has tiers but is not profiled", p.ID)
			}
		}
	}
	want := map[string]tiers{
		"yann-lecun":      {bot.ExpertiseFrontierBuilder, bot.RecognitionHouseholdName},
		"tim-berners-lee": {bot.ExpertiseFrontierBuilder, bot.RecognitionHouseholdName},
		"andrew-ng":       {bot.ExpertiseDeepTechnical, bot.RecognitionHouseholdName},
		"jeremy-howard":   {bot.ExpertiseDeepTechnical, bot.RecognitionFieldLeading},
		"joelle-pineau":   {bot.ExpertiseDeepTechnical, bot.RecognitionFieldLeading},
		"mark-zuckerberg": {bot.ExpertisePolicyMeta, bot.RecognitionHouseholdName},
		"emad-mostaque":   {bot.ExpertiseCommentator, bot.RecognitionFieldLeading},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("placed people =\n%v\nwant\n%v", got, want)
	}
	wantVoices := []PrincipalVoice{
		{"Yann LeCun", "yann-lecun", bot.RecognitionHouseholdName},
		{"Andrew Ng", "andrew-ng", bot.RecognitionHouseholdName},
		{"Mark Zuckerberg", "mark-zuckerberg", bot.RecognitionHouseholdName},
		{"Tim Berners-Lee", "tim-berners-lee", bot.RecognitionHouseholdName},
		{"Emad Mostaque", "emad-mostaque", bot.RecognitionFieldLeading},
	}
	if !reflect.DeepEqual(page.PrincipalVoices, wantVoices) {
		t.Errorf("principal voices = %+v", page.PrincipalVoices)
	}
	if want := []GridCell{{bot.ExpertiseFrontierBuilder, bot.RecognitionFieldLeading, 1}}; !reflect.DeepEqual(page.Grid.Unnamed, want) {
		t.Errorf("unnamed cells = %+v, want %+v", page.Grid.Unnamed, want)
	}
	if !reflect.DeepEqual(page.Grid.Columns, bot.Recognitions) || len(page.Grid.Rows) != len(bot.Expertises) {
		t.Errorf("grid columns %v, %d rows", page.Grid.Columns, len(page.Grid.Rows))
	}
}

func TestParseBoardRealWarnings(t *testing.T) {
	want := []string{
		"grid: the Frontier builder × Field-leading cell is not empty but names no one: a profiled endorser there is not named in the export",
		"profiled endorsers: page says 8, export names 7",
		"expertise mix, Builds frontier systems: page says 3, export places 2",
		"recognition mix, Known across the AI/safety field: page says 4, export places 3",
		"vintage mix: page says n=8 (Symbolic era 2, Deep-learning rise 4, Scaling era 2); the export does not say whose, so no vintage was attributed",
		"endorser p(doom): page says n=2, mean 25%, median 25%; the export does not say whose, so no p(doom) was attributed",
	}
	if got := parseRealBoard(t).Warnings; !reflect.DeepEqual(got, want) {
		t.Errorf("warnings =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseBoardCRLF(t *testing.T) {
	data := strings.ReplaceAll(string(readRaw(t, "board-open-source.txt")), "\n", "\r\n")
	page, err := ParseBoard([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if want := parseRealBoard(t); !reflect.DeepEqual(page.Dataset, want.Dataset) || !reflect.DeepEqual(page.Warnings, want.Warnings) {
		t.Error("CRLF line endings change the result")
	}
}

func TestParseBoardErrors(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"empty", "", "People on the record."},
		{"not utf-8", "AGI Strategies\n\xff\xfe\nPeople on the record.\n", "not UTF-8"},
		{"no people section", "AGI Strategies\n\nstrategy tag\n\nOpen source.\n", "People on the record."},
		{"nothing before the people", "People on the record.\n\n0\n", "no board or strategy name"},
		{"no strategy name", "AGI Strategies\n\nstrategy tag\nPeople on the record.\n", "no strategy name"},
		{"strategy name without letters", "AGI Strategies\n\nstrategy tag\n\n...\nPeople on the record.\n", "not a strategy name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseBoard([]byte(tt.data))
			var be *bot.Error
			if !errors.As(err, &be) || be.Code != bot.EINVALID || !strings.Contains(be.Message, tt.want) {
				t.Errorf("err = %v, want an EINVALID error about %q", err, tt.want)
			}
		})
	}
}

// synthPage is a small board page for tests, with the parts that vary.
type synthPage struct {
	endorsers, profiled string // the printed counts
	opposers            string // "" prints "no opposers yet"
	voices              []string
	grid                []string
	expertiseMix        map[bot.Expertise]int
	recognitionMix      map[bot.Recognition]int
	people              []string
}

func (s synthPage) String() string {
	var b strings.Builder
	b.WriteString("Test Board\n\nstrategy tag\n\nPause frontier training.\n\nStop training bigger models\n\nalso known as: pause, moratorium\n\n")
	fmt.Fprintf(&b, "stated endorsers\n\n%s\n\n", s.endorsers)
	if s.opposers == "" {
		b.WriteString("no opposers yet\n\n")
	} else {
		fmt.Fprintf(&b, "stated opposers\n\n%s\n\n", s.opposers)
	}
	fmt.Fprintf(&b, "profiled endorsers\n\n%s\n\n50 on the board total\n\nquotes by endorsers\n\n%s\n\n", s.profiled, s.endorsers)
	b.WriteString("principal voices\n\nHighest-recognition profiled endorsers.\n\n")
	for _, v := range s.voices {
		b.WriteString(v + "\n\n")
	}
	b.WriteString("where the endorsers sit on the board\n\n")
	b.WriteString("expertise ↓ · recognition →Household nameField-leadingEstablishedEmerging\n")
	for _, g := range s.grid {
		b.WriteString(g + "\n")
	}
	b.WriteString("\nEach face is one profiled person.\n\n")
	if s.expertiseMix != nil {
		b.WriteString("expertise mix of endorsers\n\n")
		for _, e := range bot.Expertises {
			fmt.Fprintf(&b, "%s\n%d\n", e.MixLabel(), s.expertiseMix[e])
		}
		b.WriteString("\n")
	}
	if s.recognitionMix != nil {
		b.WriteString("recognition mix of endorsers\n\n")
		for _, r := range bot.Recognitions {
			fmt.Fprintf(&b, "%s\n%d\n", r.MixLabel(), s.recognitionMix[r])
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "People on the record.\n\n%d\n\n", len(s.people))
	b.WriteString(strings.Join(s.people, "\n"))
	return b.String()
}

// person renders one entry of the people on the record.
func person(name, stance, quote, source string) string {
	return fmt.Sprintf("%s\n\nRole of %s\n\n%s\n\nArgues for it.\n\n%s\n%s\n", name, name, stance, quote, source)
}

func TestParseBoardSynthetic(t *testing.T) {
	src := "articleTitle· Publisher· 2024· loose paraphrase"
	base := synthPage{
		endorsers: "3", profiled: "3",
		voices: []string{"  • Ann AbleAnn Able\n\n    Household name"},
		grid: []string{
			"Frontier builder",
			"  • Ann Able",
			"  • Bob Brown",
			"··",
			"Deep technical··",
			"  • Cy Cole",
			"·",
			"Applied technical····", "Policy / meta····", "External-domain expert····", "Commentator····",
		},
		expertiseMix:   map[bot.Expertise]int{bot.ExpertiseFrontierBuilder: 2, bot.ExpertiseDeepTechnical: 1},
		recognitionMix: map[bot.Recognition]int{bot.RecognitionHouseholdName: 1, bot.RecognitionFieldLeading: 1, bot.RecognitionEstablished: 1},
		people: []string{
			person("Ann Able", "endorses", "“Stop now.”", "§ paperA Paper· Journal· 2023-05-02· direct quote"),
			"Bob Brown\n" + person("Bob Brown", "conditional", "Pause if needed.", src),
			person("Cy Cole", "mixed", "Maybe.", src),
		},
	}
	type tiers struct {
		E bot.Expertise
		R bot.Recognition
	}
	tests := []struct {
		name     string
		edit     func(*synthPage)
		tiers    map[string]tiers
		warnings []string
	}{
		{
			name: "consistent page",
			edit: func(*synthPage) {},
			tiers: map[string]tiers{
				"ann-able":  {bot.ExpertiseFrontierBuilder, bot.RecognitionHouseholdName},
				"bob-brown": {bot.ExpertiseFrontierBuilder, bot.RecognitionFieldLeading},
				"cy-cole":   {bot.ExpertiseDeepTechnical, bot.RecognitionEstablished},
			},
		},
		{
			name: "no principal voice label and no mixes: a shared run stays unresolved",
			edit: func(s *synthPage) { s.voices, s.expertiseMix, s.recognitionMix = nil, nil, nil },
			tiers: map[string]tiers{
				"ann-able":  {bot.ExpertiseFrontierBuilder, ""},
				"bob-brown": {bot.ExpertiseFrontierBuilder, ""},
				"cy-cole":   {bot.ExpertiseDeepTechnical, bot.RecognitionEstablished},
			},
			warnings: []string{
				"grid: cannot tell whether Ann Able is Household name or Field-leading; recognition left unknown",
				"grid: cannot tell whether Bob Brown is Household name or Field-leading; recognition left unknown",
			},
		},
		{
			name: "a mix count already filled excludes the tier for the others",
			edit: func(s *synthPage) { s.voices = []string{"  • Bob Brown\n\n    Field-leading"} },
			tiers: map[string]tiers{
				"ann-able":  {bot.ExpertiseFrontierBuilder, bot.RecognitionHouseholdName},
				"bob-brown": {bot.ExpertiseFrontierBuilder, bot.RecognitionFieldLeading},
				"cy-cole":   {bot.ExpertiseDeepTechnical, bot.RecognitionEstablished},
			},
		},
		{
			name: "a profiled endorser without a name",
			edit: func(s *synthPage) {
				s.profiled = "4"
				s.voices = append(s.voices, "  • Bob Brown\n\n    Household name")
				s.expertiseMix[bot.ExpertiseFrontierBuilder] = 3
				s.recognitionMix[bot.RecognitionHouseholdName] = 2
			},
			tiers: map[string]tiers{
				"ann-able":  {bot.ExpertiseFrontierBuilder, bot.RecognitionHouseholdName},
				"bob-brown": {bot.ExpertiseFrontierBuilder, bot.RecognitionHouseholdName},
				"cy-cole":   {bot.ExpertiseDeepTechnical, bot.RecognitionEstablished},
			},
			warnings: []string{
				"grid: the Frontier builder × Field-leading cell is not empty but names no one: a profiled endorser there is not named in the export",
				"profiled endorsers: page says 4, export names 3",
				"expertise mix, Builds frontier systems: page says 3, export places 2",
				"recognition mix, Known across the AI/safety field: page says 1, export places 0",
			},
		},
		{
			name: "page counts differ from the export",
			edit: func(s *synthPage) { s.endorsers = "5" },
			tiers: map[string]tiers{
				"ann-able":  {bot.ExpertiseFrontierBuilder, bot.RecognitionHouseholdName},
				"bob-brown": {bot.ExpertiseFrontierBuilder, bot.RecognitionFieldLeading},
				"cy-cole":   {bot.ExpertiseDeepTechnical, bot.RecognitionEstablished},
			},
			warnings: []string{
				"stated endorsers: page says 5, export has 3",
				"quotes by endorsers: page says 5, export has 3",
			},
		},
		{
			name: "an opposer face",
			edit: func(s *synthPage) {
				s.opposers, s.endorsers = "1", "2"
				s.grid[5] = "  • × Cy Cole"
				s.people[2] = person("Cy Cole", "opposes", "No.", src)
				s.expertiseMix[bot.ExpertiseDeepTechnical] = 0
				s.recognitionMix[bot.RecognitionEstablished] = 0
				s.profiled = "2"
			},
			tiers: map[string]tiers{
				"ann-able":  {bot.ExpertiseFrontierBuilder, bot.RecognitionHouseholdName},
				"bob-brown": {bot.ExpertiseFrontierBuilder, bot.RecognitionFieldLeading},
				"cy-cole":   {bot.ExpertiseDeepTechnical, bot.RecognitionEstablished},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base
			s.voices = append([]string(nil), base.voices...)
			s.grid = append([]string(nil), base.grid...)
			s.people = append([]string(nil), base.people...)
			s.expertiseMix = copyMap(base.expertiseMix)
			s.recognitionMix = copyMap(base.recognitionMix)
			tt.edit(&s)
			page, err := ParseBoard([]byte(s.String()))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]tiers{}
			for _, p := range page.Dataset.People {
				if p.Profiled {
					got[p.ID] = tiers{p.Expertise, p.Recognition}
				}
			}
			if !reflect.DeepEqual(got, tt.tiers) {
				t.Errorf("tiers = %v, want %v", got, tt.tiers)
			}
			if !reflect.DeepEqual(page.Warnings, tt.warnings) {
				t.Errorf("warnings =\n%s\nwant\n%s", strings.Join(page.Warnings, "\n"), strings.Join(tt.warnings, "\n"))
			}
		})
	}
}

func copyMap[K comparable](m map[K]int) map[K]int {
	if m == nil {
		return nil
	}
	out := make(map[K]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestParseBoardSyntheticEntries(t *testing.T) {
	s := synthPage{
		endorsers: "2", profiled: "0",
		grid: []string{"Frontier builder····"},
		people: []string{
			person("Ann Able", "endorses", "“Stop now.”\n\nContext: Said twice.", "talkA Talk· Conf· 2023· direct quote"),
			"Bob Brown\n\nRole\n\nendorses\n\nNo source line follows.\n\nA quote.\n",
			person("Cy Cole", "evolved toward", "“Quoted but paraphrased.”", "webinarA Thing· Host· someday· faithful paraphrase"),
		},
	}
	page, err := ParseBoard([]byte(s.String()))
	if err != nil {
		t.Fatal(err)
	}
	ds := page.Dataset
	if len(ds.People) != 2 || ds.People[0].ID != "ann-able" || ds.People[1].ID != "cy-cole" {
		t.Fatalf("people = %+v", ds.People)
	}
	if want := []string{"pause", "moratorium"}; !reflect.DeepEqual(ds.Strategies[0].Aliases, want) || ds.Strategies[0].ID != "pause-frontier-training" {
		t.Errorf("strategy = %+v", ds.Strategies[0])
	}
	q := ds.Quotes[0]
	if q.Text != "Stop now." || q.Context != "Said twice." || q.Source.Type != "talk" || q.Fidelity != bot.FidelityDirect {
		t.Errorf("quote 0 = %+v", q)
	}
	q = ds.Quotes[1]
	if q.Fidelity != bot.FidelityFaithful || q.Source.Type != "" || q.Source.Title != "webinarA Thing" || !q.Source.Date.IsZero() || q.Source.Publisher != "Host" {
		t.Errorf("quote 1 = %+v", q)
	}
	if ds.Stances[1].Kind != bot.StanceEvolvedToward {
		t.Errorf("stance 1 = %+v", ds.Stances[1])
	}
	want := []string{
		"people on the record: lines 55-63 (Bob Brown): no source line; not imported",
		`Cy Cole (line 74): source line: unreadable date "someday"`,
		"Cy Cole (line 74): source line: no known source type",
		"Cy Cole (line 74): quote is in quotation marks but the source line says faithful paraphrase; kept as faithful paraphrase",
		"people on the record: page says 3, export has 2",
	}
	if !reflect.DeepEqual(page.Warnings, want) {
		t.Errorf("warnings =\n%s\nwant\n%s", strings.Join(page.Warnings, "\n"), strings.Join(want, "\n"))
	}
}
