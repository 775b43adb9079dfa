package bot_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	. "github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

func TestSummarizeStrategy(t *testing.T) {
	db := realdata.Store(t, "", nil, testDataset())
	r, err := db.StrategyReport(context.Background(), "open-source")
	if err != nil {
		t.Fatal(err)
	}
	s := SummarizeStrategy(r)
	if got, want := s.Endorsers, []string{"Ada Rose Cannon", "Andrew Ng", "Emad Mostaque", "Joëlle Pineau", "Thomas Wolf", "Yann LeCun"}; !reflect.DeepEqual(got, want) {
		t.Errorf("endorsers = %v, want %v", got, want)
	}
	if got, want := s.Opposers, []string{"Yoshua Bengio"}; !reflect.DeepEqual(got, want) {
		t.Errorf("opposers = %v, want %v", got, want)
	}
	if got, want := s.Principal, []string{"Andrew Ng", "Yann LeCun", "Joëlle Pineau", "Emad Mostaque"}; !reflect.DeepEqual(got, want) {
		t.Errorf("principal voices = %v, want %v (recognition, then quote count, then name)", got, want)
	}
	if s.ProfiledEndorsers != 4 || s.QuotesByEndorsers != 5 {
		t.Errorf("profiled endorsers %d, quotes by endorsers %d; want 4 and 5", s.ProfiledEndorsers, s.QuotesByEndorsers)
	}
	if s.PDoomN != 2 || s.PDoomMean != 25.05 || s.PDoomMedian != 25.05 {
		t.Errorf("p(doom) = n %d, mean %v, median %v; want 2, 25.05, 25.05", s.PDoomN, s.PDoomMean, s.PDoomMedian)
	}
	if want := []int{1, 2, 0, 0, 0, 1}; !reflect.DeepEqual(s.ExpertiseMix, want) || s.ExpertiseKnown != 4 {
		t.Errorf("expertise mix = %v (%d known), want %v", s.ExpertiseMix, s.ExpertiseKnown, want)
	}
	if want := []int{2, 2, 0, 0}; !reflect.DeepEqual(s.RecognitionMix, want) {
		t.Errorf("recognition mix = %v, want %v", s.RecognitionMix, want)
	}
	if want := []int{0, 0, 0, 1, 1, 0}; !reflect.DeepEqual(s.VintageMix, want) || s.VintageKnown != 2 {
		t.Errorf("vintage mix = %v (%d known), want %v", s.VintageMix, s.VintageKnown, want)
	}
	if s.Placed != 5 {
		t.Errorf("placed %d in the grid, want 5", s.Placed)
	}
	deep, household := TierIndex(Expertises, ExpertiseDeepTechnical), TierIndex(Recognitions, RecognitionHouseholdName)
	want := []Face{{PersonID: "andrew-ng", Name: "Andrew Ng"}, {PersonID: "yoshua-bengio", Name: "Yoshua Bengio", Opposer: true}}
	if got := s.Grid.Cells[deep][household]; !reflect.DeepEqual(got, want) {
		t.Errorf("deep technical x household name = %v, want %v", got, want)
	}
	if len(s.Related) != 0 {
		t.Errorf("related = %+v, want none (pause is held by one endorser, the board lists two or more)", s.Related)
	}
}

func fieldValue(c Card, prefix string) string {
	for _, f := range c.Fields {
		if strings.HasPrefix(f.Name, prefix) {
			return f.Value
		}
	}
	return "<no field " + prefix + ">"
}

func TestWhoEndorsesCard(t *testing.T) {
	b, _, _ := newTestBot(t, testDataset(), Options{})
	req, err := b.ParseCommandLine("/whoendorses OPEN WEIGHTS")
	if err != nil {
		t.Fatal(err)
	}
	r := b.Handle(context.Background(), req)
	if r.Error != "" || r.Visibility != Public {
		t.Fatalf("reply %+v", r)
	}
	if len(r.Cards) != 1+7 || r.Pages != 0 || len(r.Actions) != 0 {
		t.Fatalf("%d cards, %d pages, %d actions; want 8 cards on one page", len(r.Cards), r.Pages, len(r.Actions))
	}
	c := r.Cards[0]
	checks := map[string]string{
		"Stated endorsers":             "6 (4 endorses, 1 mixed, 1 conditional)",
		"Opposers":                     "1",
		"Profiled endorsers":           "4 of 248 profiled on the board (2%)",
		"Endorser p(doom)":             "mean 25%, median 25% (n=2)",
		"Quotes by endorsers":          "5",
		"Principal voices":             "Andrew Ng — Household name\nYann LeCun — Household name\nJoëlle Pineau — Field-leading\nEmad Mostaque — Field-leading",
		"Expertise mix of endorsers":   "Builds frontier systems: 1\nDeep ML / safety technical: 2\nApplied or adjacent technical: 0\nGovernance, policy, strategy: 0\nExpert in another field: 0\nPublic-square commentator: 1",
		"Vintage mix · n=2 of 4":       "Pioneer: 0\nSymbolic era: 0\nPre-deep-learning: 0\nDeep-learning rise: 1\nScaling era: 1\nPost-ChatGPT: 0",
		"Also held by these endorsers": "no other strategy held by 2 or more of these endorsers",
	}
	for name, want := range checks {
		if got := fieldValue(c, name); got != want {
			t.Errorf("field %s = %q, want %q", name, got, want)
		}
	}
	if c.Title != "Open source" || c.Text != "Also known as: open weights" || c.Grid == nil {
		t.Errorf("card head: %q %q grid=%v", c.Title, c.Text, c.Grid != nil)
	}
	pineau := r.Cards[4]
	if pineau.Title != "Joëlle Pineau" || fieldValue(pineau, "Stance") != "mixed" || len(pineau.Quotes) != 1 ||
		pineau.Quotes[0].Fidelity != FidelityDirect || pineau.Quotes[0].Source.Publisher != "MIT Sloan Management Review" {
		t.Errorf("Pineau's card: %+v", pineau)
	}
	ng := r.Cards[2]
	if len(ng.Quotes) != 2 || ng.Quotes[0].Source.Date != (Date{2024, 2, 0}) {
		t.Errorf("Ng's quotes are not newest first: %+v", ng.Quotes)
	}
}

func TestWhoEndorsesUnknownStaysUnknown(t *testing.T) {
	ds := testDataset()
	for i := range ds.People {
		ds.People[i].PDoomClaims, ds.People[i].Vintage = nil, ""
	}
	ds.Board = nil
	b, _, _ := newTestBot(t, ds, Options{})
	r := b.Handle(context.Background(), Request{Command: "whoendorses", Options: map[string]string{"strategy": "open-source"}})
	c := r.Cards[0]
	for name, want := range map[string]string{
		"Endorser p(doom)":       "no p(doom) on record",
		"Profiled endorsers":     "4 profiled",
		"Vintage mix · n=0 of 4": "none on record",
	} {
		if got := fieldValue(c, name); got != want {
			t.Errorf("field %s = %q, want %q", name, got, want)
		}
	}
	r = b.Handle(context.Background(), Request{Command: "whoendorses", Options: map[string]string{"strategy": "pause"}})
	if got := fieldValue(r.Cards[0], "Opposers"); got != "no opposers yet" {
		t.Errorf("pause opposers = %q", got)
	}
}

func TestWhoEndorsesPages(t *testing.T) {
	ds := testDataset()
	for i := 0; i < 15; i++ {
		id := fmt.Sprintf("extra-%02d", i)
		ds.People = append(ds.People, Person{ID: id, Name: fmt.Sprintf("Extra %02d", i)})
		kind := StanceEndorses
		if i%5 == 0 {
			kind = StanceOpposes
		}
		ds.Stances = append(ds.Stances, Stance{PersonID: id, StrategyID: "open-source", Kind: kind, Summary: "s"})
	}
	b, _, _ := newTestBot(t, ds, Options{})
	var seen []string
	line := "/whoendorses open source"
	for page := 1; ; page++ {
		r := b.HandleLine(context.Background(), line, Request{ActionRoom: room})
		if r.Error != "" || r.Page != page || r.Pages != 3 {
			t.Fatalf("%s: error %q page %d of %d", line, r.Error, r.Page, r.Pages)
		}
		if want := fmt.Sprintf("showing %d–%d of 22", 8*page-7, min(8*page, 22)); page > 1 && !strings.Contains(r.Cards[0].Subtitle, want) {
			t.Errorf("page %d header: %+v", page, r.Cards[0])
		}
		for _, c := range r.Cards[1:] {
			seen = append(seen, c.Title)
		}
		var next string
		for _, a := range r.Actions {
			if len(a.Command) > room {
				t.Errorf("action %q too long", a.Command)
			}
			if a.Label == "next page" {
				next = a.Command
			}
			if a.Label == "previous page" && a.Command != fmt.Sprintf("/whoendorses open-source page:%d", page-1) {
				t.Errorf("previous = %q", a.Command)
			}
		}
		if next == "" {
			break
		}
		line = next
	}
	if len(seen) != 22 {
		t.Errorf("saw %d people over the pages, want 22", len(seen))
	}
	r := b.HandleLine(context.Background(), "/whoendorses open source opposes", Request{})
	if len(r.Cards) != 1+4 || r.Pages != 0 || !strings.Contains(r.Cards[0].Footer, "with stance opposes: 4") {
		t.Errorf("stance filter: %d cards, footer %q", len(r.Cards), r.Cards[0].Footer)
	}
	r = b.HandleLine(context.Background(), "/whoendorses open source evolved toward", Request{})
	if len(r.Cards) != 1 || !strings.HasSuffix(r.Cards[0].Footer, "with stance evolved-toward: none.") {
		t.Errorf("empty filter: %d cards, footer %q", len(r.Cards), r.Cards[0].Footer)
	}
	r = b.HandleLine(context.Background(), "/whoendorses open source page:4", Request{})
	if r.Error != EINVALID {
		t.Errorf("page 4 of 3: %+v", r)
	}
}

// pagedDataset is testDataset with 15 more people on open-source, each with
// one quote, so that /whoendorses open-source has three pages.
func pagedDataset() Dataset {
	ds := testDataset()
	for i := 0; i < 15; i++ {
		id := fmt.Sprintf("extra-%02d", i)
		ds.People = append(ds.People, Person{ID: id, Name: fmt.Sprintf("Extra %02d", i)})
		ds.Stances = append(ds.Stances, Stance{PersonID: id, StrategyID: "open-source", Kind: StanceEndorses, Summary: "s"})
		text := "Quote of " + id
		ds.Quotes = append(ds.Quotes, Quote{ID: QuoteID(id, "open-source", text), PersonID: id, StrategyID: "open-source",
			Text: text, Fidelity: FidelityDirect})
	}
	return ds
}

func TestWhoEndorsesReadsQuotesOfThePageOnly(t *testing.T) {
	fs := newCountingStore(realdata.Store(t, "", nil, pagedDataset()))
	b, _ := newBot(t, fs, Options{})
	r := b.HandleLine(context.Background(), "/whoendorses open-source page:2", Request{})
	if r.Error != "" || len(r.Cards) != 1+PeoplePerPage {
		t.Fatalf("error %q, %d cards", r.Error, len(r.Cards))
	}
	if len(fs.quotePeople) != 1 {
		t.Fatalf("StrategyQuotes called %d times, want once", len(fs.quotePeople))
	}
	ids := map[string]string{} // name -> id
	for _, p := range pagedDataset().People {
		ids[p.Name] = p.ID
	}
	var shown []string
	for _, c := range r.Cards[1:] {
		p := Person{ID: ids[c.Title], Name: c.Title}
		shown = append(shown, p.ID)
		for _, q := range c.Quotes {
			if q.PersonID != p.ID {
				t.Errorf("%s's card shows a quote of %s", p.ID, q.PersonID)
			}
		}
		if want := QuoteID(p.ID, "open-source", "Quote of "+p.ID); strings.HasPrefix(p.ID, "extra-") && (len(c.Quotes) != 1 || c.Quotes[0].QuoteID != want) {
			t.Errorf("%s's card quotes = %+v, want %s", p.ID, c.Quotes, want)
		}
	}
	if !reflect.DeepEqual(fs.quotePeople[0], shown) {
		t.Errorf("quotes read for %v, want the people shown %v", fs.quotePeople[0], shown)
	}
}

func TestWhoEndorsesRereadsWhenTheStoreMoves(t *testing.T) {
	for _, tt := range []struct {
		name  string
		moves int // how many reads of the page's quotes see the store move on
		reads int
	}{
		{"still", 0, 1},
		{"once", 1, 2},
		{"always", 100, MaxPageReads},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := realdata.Store(t, "", nil, pagedDataset())
			fs := newCountingStore(db)
			b, _ := newBot(t, fs, Options{})
			if r := b.HandleLine(context.Background(), "/help", Request{}); r.Error != "" {
				t.Fatal(r.Error)
			}
			moves := tt.moves
			fs.afterQuotes = func() {
				if moves > 0 {
					// The store moves on: a stance's summary changes.
					moves--
					ds := pagedDataset()
					ds.Stances[0].Summary = fmt.Sprintf("Moved %d.", moves)
					if rep, err := db.Import(context.Background(), ds); err != nil || rep.Changed.Stances != 1 {
						t.Errorf("moving the store: %+v, %v", rep, err)
					}
				}
			}
			before := fs.callCount("StrategyReport")
			r := b.HandleLine(context.Background(), "/whoendorses open-source", Request{})
			if r.Error != "" {
				t.Fatal(r.Error)
			}
			if n := fs.callCount("StrategyReport") - before; n != tt.reads {
				t.Errorf("read the report %d times, want %d", n, tt.reads)
			}
		})
	}
}
