package digest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
)

func TestCompose(t *testing.T) {
	e := newEnv(t, at(20, 10, 0))
	from := e.version()
	e.clk.Set(at(21, 10, 0))
	ds := positions("open-source", 1)
	// Yann LeCun changes his mind on the pause, and Andrew Ng gets a new quote
	// on a position already known; a role change is no position.
	ds.People = append(ds.People, bot.Person{ID: "andrew-ng", Name: "Andrew Ng", Role: "Founder, DeepLearning.AI"})
	ds.Stances = append(ds.Stances, bot.Stance{PersonID: "yann-lecun", StrategyID: "pause",
		Kind: bot.StanceMixed, Summary: "A pause might help later"})
	ds.Quotes = append(ds.Quotes, bot.Quote{PersonID: "andrew-ng", StrategyID: "open-source",
		Text: "Regulate applications, not models.", Fidelity: bot.FidelityLoose,
		Source:  bot.Source{Type: "testimony", Title: "Senate hearing", Publisher: "US Senate", Date: bot.Date{Year: 2023, Month: 7, Day: 26}},
		Context: "Testimony to the US Senate"})
	e.importDS(ds)
	to := e.version()

	d, err := Compose(e.ctx, e.db, from, to, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 3 || len(d.Groups) != 2 {
		t.Fatalf("digest has %d positions in %d groups, want 3 in 2: %+v", d.Len(), len(d.Groups), d)
	}
	open, pause := d.Groups[0], d.Groups[1]
	if open.Strategy.ID != "open-source" || pause.Strategy.ID != "pause" {
		t.Fatalf("groups %s, %s; want open-source then pause (by name)", open.Strategy.ID, pause.Strategy.ID)
	}
	if open.Endorsers != 3 || open.EndorsersDelta != 1 || pause.Endorsers != 1 || pause.EndorsersDelta != 1 ||
		pause.Opposers != 0 || pause.OpposersDelta != -1 {
		t.Errorf("counts: open %d %+d, pause %d %+d / %d %+d", open.Endorsers, open.EndorsersDelta,
			pause.Endorsers, pause.EndorsersDelta, pause.Opposers, pause.OpposersDelta)
	}
	var kinds []PositionKind
	for _, p := range open.Positions {
		kinds = append(kinds, p.Kind)
	}
	if len(kinds) != 2 || kinds[0] != NewStance || kinds[1] != NewQuote {
		t.Fatalf("open source positions %v, want a new stance then a new quote", kinds)
	}
	changed := pause.Positions[0]
	if changed.Kind != ChangedStance || changed.Was == nil || changed.Was.Kind != bot.StanceOpposes ||
		changed.Stance.Kind != bot.StanceMixed || !changed.Was.RecordedAt.Equal(at(20, 10, 0)) ||
		!changed.Stance.RecordedAt.Equal(at(21, 10, 0)) {
		t.Fatalf("changed stance = %+v (was %+v)", changed, changed.Was)
	}

	r := d.Reply(Title("2026-11-22"), time.UTC)
	text := replyText(r)
	for _, want := range []string{
		"Daily digest · Sunday 22 November 2026",
		"3 positions recorded since the last digest: 1 new stance, 1 changed stance and 1 new quote, on 2 strategies.",
		"Open source: 3 stated endorsers, +1",
		"Pause frontier training: 1 stated endorser, +1; 0 opposers, -1",
		"New: Person 1 endorses Open source",
		"Changed: Yann LeCun on Pause frontier training: opposes -> mixed",
		"Was opposes (recorded 2026-11-20): A pause is pointless\nNow mixed (recorded 2026-11-21): A pause might help later",
		"New quote: Andrew Ng on Open source",
		"Andrew Ng endorses: Open models are safer",
		"Founder, DeepLearning.AI",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("reply lacks %q:\n%s", want, text)
		}
	}
	q := findQuote(r, "andrew-ng")
	if q == nil || q.Fidelity != bot.FidelityLoose || q.Source.Title != "Senate hearing" || q.Source.Publisher != "US Senate" ||
		q.Source.Date != (bot.Date{Year: 2023, Month: 7, Day: 26}) || q.Context != "Testimony to the US Senate" || q.Stance != "" {
		t.Errorf("Andrew Ng's quote card = %+v; want the full citation and fidelity (the card shows the stance)", q)
	}

	// Counts are as of the end of the range, even when more was recorded since.
	e.record("open-source", 2)
	d2, err := Compose(e.ctx, e.db, from, to, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d2.Groups[0].Endorsers != 3 {
		t.Errorf("endorsers as of the range's end = %d, want 3", d2.Groups[0].Endorsers)
	}
	// Nothing in range, or nothing but non-positions: an empty digest.
	e.importDS(bot.Dataset{People: []bot.Person{{ID: "andrew-ng", Name: "Andrew Ng", Role: "Teacher"}}})
	v := e.version()
	if d, err := Compose(e.ctx, e.db, v-1, v, nil); err != nil || d.Len() != 0 {
		t.Errorf("a role change composed %d positions, %v", d.Len(), err)
	}
	if d, err := Compose(e.ctx, e.db, v, v, nil); err != nil || d.Len() != 0 {
		t.Errorf("an empty range composed %d positions, %v", d.Len(), err)
	}
}

// TestComposeCountsStatedEndorsers: a digest's "endorsers" and their delta
// are stated endorsers, the board's rule: a tentative endorsing stance (one
// inferred from a passing remark) moves neither, in the range or after it.
func TestComposeCountsStatedEndorsers(t *testing.T) {
	e := newEnv(t, at(20, 10, 0))
	from := e.version()
	e.clk.Set(at(21, 10, 0))
	ds := positions("open-source", 1, 2)
	ds.Stances[1].Tentative = true // person-2 endorses tentatively
	ds.Stances = append(ds.Stances, bot.Stance{PersonID: "yann-lecun", StrategyID: "pause",
		Kind: bot.StanceMixed, Summary: "Maybe, in passing", Tentative: true})
	e.importDS(ds)
	to := e.version()
	later := positions("open-source", 3)
	later.Stances[0].Tentative = true
	e.importDS(later) // after the range: undone from the counts, tentative or not

	d, err := Compose(e.ctx, e.db, from, to, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Groups) != 2 {
		t.Fatalf("%d groups, want open source and pause: %+v", len(d.Groups), d)
	}
	open, pause := d.Groups[0], d.Groups[1]
	if open.Endorsers != 3 || open.EndorsersDelta != 1 {
		t.Errorf("open source: %d endorsers, %+d; want 3, +1 (person-2 and person-3 are tentative)", open.Endorsers, open.EndorsersDelta)
	}
	if pause.Endorsers != 0 || pause.EndorsersDelta != 0 || pause.Opposers != 0 || pause.OpposersDelta != -1 {
		t.Errorf("pause: %d endorsers, %+d; %d opposers, %+d; want 0, +0; 0, -1 (a tentative mixed stance is no stated endorser)",
			pause.Endorsers, pause.EndorsersDelta, pause.Opposers, pause.OpposersDelta)
	}
	text := replyText(d.Reply(Title("2026-11-22"), time.UTC))
	for _, want := range []string{
		"Open source: 3 stated endorsers, +1", "Pause frontier training: 0 stated endorsers, no change; 0 opposers, -1",
		"Person 2's case for open-source\nThe stance is tentative: inferred from a passing remark.",
		"Now mixed (recorded 2026-11-21): Maybe, in passing\nThe stance is tentative: inferred from a passing remark.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("reply lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Person 1's case for open-source\nThe stance is tentative") {
		t.Error("a stated stance is called tentative")
	}
}

func TestComposeMergesWithinRange(t *testing.T) {
	e := newEnv(t, at(20, 10, 0))
	from := e.version()
	e.clk.Set(at(21, 10, 0))
	e.record("pause", 1) // new, then changed in the same range: still new, as it ends
	e.importDS(bot.Dataset{Stances: []bot.Stance{
		{PersonID: "person-1", StrategyID: "pause", Kind: bot.StanceConditional, Summary: "Only with verification"},
		// Changed and changed back: nothing to report.
		{PersonID: "andrew-ng", StrategyID: "open-source", Kind: bot.StanceMixed, Summary: "Less sure"},
	}})
	e.importDS(bot.Dataset{Stances: []bot.Stance{
		{PersonID: "andrew-ng", StrategyID: "open-source", Kind: bot.StanceEndorses, Summary: "Open models are safer"},
	}})
	to := e.version()
	d, err := Compose(e.ctx, e.db, from, to, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 1 {
		t.Fatalf("digest = %+v, want only person-1's position", d)
	}
	p := d.Groups[0].Positions[0]
	if p.Kind != NewStance || p.Stance.Kind != bot.StanceConditional || p.Stance.Summary != "Only with verification" || len(p.Quotes) != 1 {
		t.Errorf("merged position = %+v", p)
	}
	if g := d.Groups[0]; g.Strategy.ID != "pause" || g.EndorsersDelta != 1 {
		t.Errorf("group = %s %+d, want pause +1", g.Strategy.ID, g.EndorsersDelta)
	}
}

func TestComposeStrategyFilter(t *testing.T) {
	e := newEnv(t, at(20, 10, 0))
	from := e.version()
	e.record("open-source", 1, 2)
	e.record("pause", 3)
	to := e.version()
	tests := []struct {
		filter []string
		want   int
	}{{nil, 3}, {[]string{"pause"}, 1}, {[]string{"open-source"}, 2}, {[]string{"pause", "open-source"}, 3}, {[]string{"no-such"}, 0}}
	for _, tt := range tests {
		d, err := Compose(e.ctx, e.db, from, to, tt.filter)
		if err != nil || d.Len() != tt.want {
			t.Errorf("filter %v: %d positions, %v; want %d", tt.filter, d.Len(), err, tt.want)
		}
		for _, g := range d.Groups {
			if len(tt.filter) > 0 && !contains(tt.filter, g.Strategy.ID) {
				t.Errorf("filter %v let %s through", tt.filter, g.Strategy.ID)
			}
		}
	}
}

// TestSixtyPositions: a large digest keeps every position in its Reply; the
// adapters split it into messages.
func TestSixtyPositions(t *testing.T) {
	e := newEnv(t, at(20, 10, 0))
	from := e.version()
	ids := make([]int, 60)
	for i := range ids {
		ids[i] = i + 1
	}
	e.record("open-source", ids[:40]...)
	e.record("pause", ids[40:]...)
	to := e.version()
	d, err := Compose(e.ctx, e.db, from, to, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := d.Reply(Title("2026-11-21"), time.UTC)
	owners := quoteOwners([]delivery{{reply: r}})[0]
	if d.Len() != 60 || len(owners) != 60 || len(r.Cards) != 1+2+60 {
		t.Fatalf("digest of 60: %d positions, %d quote cards, %d cards", d.Len(), len(owners), len(r.Cards))
	}
	if text := replyText(r); !strings.Contains(text, "Open source: 42 stated endorsers, +40") ||
		!strings.Contains(text, "Pause frontier training: 20 stated endorsers, +20; 1 opposer, no change") {
		t.Errorf("counts missing:\n%s", text[:400])
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// replyText is every text of a reply, one part a line.
func replyText(r bot.Reply) string {
	var b strings.Builder
	for _, c := range r.Cards {
		for _, s := range []string{c.Title, c.Subtitle, c.Text, c.Footer} {
			if s != "" {
				b.WriteString(s + "\n")
			}
		}
		for _, f := range c.Fields {
			b.WriteString(f.Name + ": " + f.Value + "\n")
		}
		for _, q := range c.Quotes {
			b.WriteString(q.Speaker + ": " + q.Text + " (" + q.Source.Title + ")\n")
		}
	}
	return b.String()
}

func findQuote(r bot.Reply, personID string) *bot.QuoteBlock {
	for _, c := range r.Cards {
		for i, q := range c.Quotes {
			if q.PersonID == personID {
				return &c.Quotes[i]
			}
		}
	}
	return nil
}

// importDuringReport is the real store, with an import that lands just
// before the first strategy report is read: what a concurrent curator's
// import looks like to Compose.
type importDuringReport struct {
	*store.DB
	land func()
}

func (s *importDuringReport) StrategyReport(ctx context.Context, id string) (bot.StrategyReport, error) {
	if s.land != nil {
		land := s.land
		s.land = nil
		land()
	}
	return s.DB.StrategyReport(ctx, id)
}

func TestComposeCountsAsOfTheRangeWhileAnImportLands(t *testing.T) {
	e := newEnv(t, at(20, 10, 0))
	from := e.version()
	e.record("open-source", 1)
	to := e.version()
	st := &importDuringReport{DB: e.db.DB, land: func() { e.record("open-source", 2, 3) }}
	d, err := Compose(e.ctx, st, from, to, nil)
	if err != nil {
		t.Fatal(err)
	}
	// baseDataset has 2 endorsers of open source; the range adds person-1.
	// person-2 and person-3 came after the range and must not be counted.
	if len(d.Groups) != 1 {
		t.Fatalf("groups = %+v", d.Groups)
	}
	if g := d.Groups[0]; g.Endorsers != 3 || g.EndorsersDelta != 1 {
		t.Errorf("open source: %d endorsers, %+d; want 3, +1", g.Endorsers, g.EndorsersDelta)
	}
}
