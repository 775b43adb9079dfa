package digest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv"
)

// counted is a strategy's counts as the digest words them, read straight
// from the store's current stances.
type counted struct{ endorsers, opposers int }

func (e *env) counted(strategy string) counted {
	e.t.Helper()
	rep, err := e.db.StrategyReport(e.ctx, strategy)
	if err != nil {
		e.t.Fatal(err)
	}
	var c counted
	for _, ps := range rep.Stances {
		c.endorsers += b2i(ps.Stance.IsStatedEndorser())
		c.opposers += b2i(ps.Stance.Kind.IsOpposer())
	}
	return c
}

// stance imports one curated stance.
func (e *env) stance(person, strategy string, kind bot.StanceKind, tentative bool, summary string) {
	e.t.Helper()
	e.importDS(bot.Dataset{Stances: []bot.Stance{{PersonID: person, StrategyID: strategy, Kind: kind,
		Summary: summary, Tentative: tentative}}})
}

// atlas imports a snapshot of the board: it holds these stances and no
// others, so those of its stances missing from them are retracted.
func (e *env) atlas(stances ...bot.Stance) {
	e.t.Helper()
	if _, err := e.db.ImportFrom(e.ctx, bot.Dataset{Stances: stances},
		bot.ImportOptions{Source: "atlas", Revision: fmt.Sprintf("r%d", e.version()), Snapshot: true}); err != nil {
		e.t.Fatal(err)
	}
}

// communityBot is a bot on e's store with the community commands.
func (e *env) communityBot() *bot.Bot {
	e.t.Helper()
	b, err := bot.New(bot.Options{Store: e.db, Community: e.db.DB, Now: e.clk.Now, Logger: testenv.Logger(),
		ProposalsPerDay: -1})
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// propose proposes a position from the console and approves it with
// /review, the path of positions recorded by the community.
func (e *env) propose(b *bot.Bot, person, strategy string, kind bot.StanceKind, words string) {
	e.t.Helper()
	user := bot.Request{Platform: bot.PlatformConsole, UserID: "u1", ChannelID: "C1"}
	mod := bot.Request{Platform: bot.PlatformConsole, UserID: "m1", ChannelID: "C1", CanManageChannel: true}
	line := fmt.Sprintf(`/propose person:%q strategy:%q stance:%s fidelity:"direct quote" url:https://example.org/%d %s`,
		person, strategy, kind, e.version(), words)
	if r := b.HandleLine(e.ctx, line, user); r.Error != "" || len(r.Invalid) > 0 {
		e.t.Fatalf("%s: %+v", line, r)
	}
	pending, err := e.db.Proposals(e.ctx, bot.ProposalPending)
	if err != nil || len(pending) != 1 {
		e.t.Fatalf("pending proposals: %+v, %v", pending, err)
	}
	if r := b.HandleLine(e.ctx, fmt.Sprintf("/review approve:%d", pending[0].ID), mod); r.Error != "" {
		e.t.Fatalf("approve #%d: %+v", pending[0].ID, r)
	}
}

// TestComposeDelta: each way a stance can change moves the delta of
// stated endorsers and opposers as it moves the counts beside it, and the
// digest reports the position. Andrew Ng has no stance on the pause before
// each case; Yann LeCun opposes it.
func TestComposeDelta(t *testing.T) {
	const ng, pause = "andrew-ng", "pause"
	held := func(kind bot.StanceKind, tentative bool) bot.Stance {
		return bot.Stance{PersonID: ng, StrategyID: pause, Kind: kind, Summary: "Ng on the pause", Tentative: tentative}
	}
	curated := func(kind bot.StanceKind, tentative bool) func(e *env) {
		return func(e *env) { e.stance(ng, pause, kind, tentative, "Ng on the pause") }
	}
	atlas := func(stances ...bot.Stance) func(e *env) {
		return func(e *env) { e.atlas(stances...) }
	}
	both := func(steps ...func(e *env)) func(e *env) {
		return func(e *env) {
			for _, s := range steps {
				s(e)
			}
		}
	}
	tests := []struct {
		name               string
		before, during     func(e *env)
		endorsers, opposer int
		kind               PositionKind
		card               []string
	}{
		{name: "new stated endorser", during: curated(bot.StanceEndorses, false), endorsers: 1, kind: NewStance,
			card: []string{"Pause frontier training: 1 stated endorser, +1; 1 opposer, no change", "New: Andrew Ng endorses Pause frontier training"}},
		{name: "new tentative endorser", during: curated(bot.StanceEndorses, true), kind: NewStance,
			card: []string{"Pause frontier training: 0 stated endorsers, no change; 1 opposer, no change",
				"Ng on the pause\nThe stance is tentative: inferred from a passing remark."}},
		{name: "tentative to stated", before: curated(bot.StanceEndorses, true), during: curated(bot.StanceEndorses, false),
			endorsers: 1, kind: ChangedStance,
			card: []string{"Changed: Andrew Ng on Pause frontier training: endorses (tentative) -> endorses",
				"Was endorses (tentative; recorded 2026-11-20): Ng on the pause\nNow endorses (recorded 2026-11-21): Ng on the pause"}},
		{name: "stated to tentative", before: curated(bot.StanceEndorses, false), during: curated(bot.StanceEndorses, true),
			endorsers: -1, kind: ChangedStance,
			card: []string{"Pause frontier training: 0 stated endorsers, -1",
				"Changed: Andrew Ng on Pause frontier training: endorses -> endorses (tentative)",
				"Now endorses (recorded 2026-11-21): Ng on the pause\nThe stance is tentative"}},
		{name: "tentative mixed to stated conditional", before: curated(bot.StanceMixed, true),
			during: curated(bot.StanceConditional, false), endorsers: 1, kind: ChangedStance},
		{name: "stated endorser retracted", before: atlas(held(bot.StanceEndorses, false)), during: atlas(),
			endorsers: -1, kind: RetractedStance,
			card: []string{"1 retracted stance", "Pause frontier training: 0 stated endorsers, -1; 1 opposer, no change",
				"Retracted: Andrew Ng on Pause frontier training: endorses",
				"Was endorses (recorded 2026-11-20): Ng on the pause\nIts source no longer holds it (retracted 2026-11-21)."}},
		{name: "tentative endorser retracted", before: atlas(held(bot.StanceEndorses, true)), during: atlas(),
			kind: RetractedStance, card: []string{"Retracted: Andrew Ng on Pause frontier training: endorses (tentative)"}},
		{name: "opposer retracted", before: atlas(held(bot.StanceOpposes, false)), during: atlas(),
			opposer: -1, kind: RetractedStance},
		{name: "retracted endorser back", before: both(atlas(held(bot.StanceEndorses, false)), atlas()),
			during: atlas(held(bot.StanceEndorses, false)), endorsers: 1, kind: NewStance},
		{name: "endorses to opposes", before: curated(bot.StanceEndorses, false), during: curated(bot.StanceOpposes, false),
			endorsers: -1, opposer: 1, kind: ChangedStance,
			card: []string{"Pause frontier training: 0 stated endorsers, -1; 2 opposers, +1"}},
		{name: "opposes to endorses", before: curated(bot.StanceOpposes, false), during: curated(bot.StanceEndorses, false),
			endorsers: 1, opposer: -1, kind: ChangedStance},
		{name: "tentative endorses to opposes", before: curated(bot.StanceEndorses, true), during: curated(bot.StanceOpposes, true),
			opposer: 1, kind: ChangedStance},
		{name: "community approves a new position", during: func(e *env) {
			e.propose(e.communityBot(), "Andrew Ng", "pause", bot.StanceEndorses, "We should pause.")
		}, endorsers: 1, kind: NewStance, card: []string{"Pause frontier training: 1 stated endorser, +1"}},
		{name: "community approves another kind of a tentative stance", before: curated(bot.StanceMixed, true), during: func(e *env) {
			e.propose(e.communityBot(), "Andrew Ng", "pause", bot.StanceConditional, "Only with verification.")
		}, endorsers: 1, kind: ChangedStance},
		{name: "community approves a stance of an opposer", before: curated(bot.StanceEndorses, false), during: func(e *env) {
			e.propose(e.communityBot(), "Andrew Ng", "pause", bot.StanceOpposes, "A pause would be a mistake.")
		}, endorsers: -1, opposer: 1, kind: ChangedStance},
		{name: "changed and changed back", before: curated(bot.StanceEndorses, false),
			during: both(curated(bot.StanceOpposes, false), curated(bot.StanceEndorses, false))},
		{name: "made tentative and stated again", before: curated(bot.StanceEndorses, false),
			during: both(curated(bot.StanceEndorses, true), curated(bot.StanceEndorses, false))},
		{name: "retracted and back", before: atlas(held(bot.StanceEndorses, false)),
			during: both(atlas(), atlas(held(bot.StanceEndorses, false)))},
		{name: "new and retracted", during: both(atlas(held(bot.StanceEndorses, false)), atlas())},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, at(20, 10, 0))
			if tc.before != nil {
				tc.before(e)
			}
			from, was := e.version(), e.counted(pause)
			e.clk.Set(at(21, 10, 0))
			tc.during(e)
			to, now := e.version(), e.counted(pause)
			if d := (counted{now.endorsers - was.endorsers, now.opposers - was.opposers}); d != (counted{tc.endorsers, tc.opposer}) {
				t.Fatalf("the store's counts moved %+v, the case says %+d, %+d", d, tc.endorsers, tc.opposer)
			}
			d, err := Compose(e.ctx, e.db, from, to, []string{pause})
			if err != nil {
				t.Fatal(err)
			}
			if tc.kind == "" {
				if d.Len() != 0 {
					t.Fatalf("digest = %+v, want nothing to report", d)
				}
				return
			}
			if len(d.Groups) != 1 || len(d.Groups[0].Positions) != 1 {
				t.Fatalf("digest = %+v, want one position on the pause", d)
			}
			g := d.Groups[0]
			if got := (counted{g.Endorsers, g.Opposers}); got != now {
				t.Errorf("counts %+v, the store holds %+v", got, now)
			}
			if g.EndorsersDelta != tc.endorsers || g.OpposersDelta != tc.opposer {
				t.Errorf("deltas %+d, %+d; want %+d, %+d", g.EndorsersDelta, g.OpposersDelta, tc.endorsers, tc.opposer)
			}
			if p := g.Positions[0]; p.Kind != tc.kind || p.Person.ID != ng {
				t.Errorf("position %s of %s, want %s of %s", p.Kind, p.Person.ID, tc.kind, ng)
			}
			text := replyText(d.Reply(Title("2026-11-22"), time.UTC))
			for _, want := range tc.card {
				if !strings.Contains(text, want) {
					t.Errorf("digest lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

// TestComposeDeltaAgreesWithCounts: over random runs of imports, board
// snapshots (which retract) and community approvals, cut into consecutive
// digests, each digest's counts are the store's at its end and its deltas
// the counts' change since the digest before: count(now) - count(last) ==
// delta, also where changes recorded after a digest are undone.
func TestComposeDeltaAgreesWithCounts(t *testing.T) {
	kinds := []bot.StanceKind{bot.StanceEndorses, bot.StanceOpposes, bot.StanceMixed, bot.StanceConditional,
		bot.StanceEvolvedToward, bot.StanceEvolvedAway}
	strategies := []string{"open-source", "pause"}
	people := map[string]string{"andrew-ng": "Andrew Ng", "yann-lecun": "Yann LeCun"}
	var ids []string
	for i := 1; i <= 3; i++ {
		id := fmt.Sprintf("person-%d", i)
		people[id] = fmt.Sprintf("Person %d", i)
		ids = append(ids, id)
	}
	ids = append(ids, "andrew-ng", "yann-lecun")
	for seed := uint64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 0))
			ds := baseDataset()
			for _, id := range ids[:3] {
				ds.People = append(ds.People, bot.Person{ID: id, Name: people[id], Role: "Researcher"})
			}
			e := newEnvWith(t, at(20, 10, 0), ds)
			b := e.communityBot()
			random := func() bot.Stance {
				return bot.Stance{PersonID: ids[rng.IntN(len(ids))], StrategyID: strategies[rng.IntN(len(strategies))],
					Kind: kinds[rng.IntN(len(kinds))], Tentative: rng.IntN(2) == 0, Summary: []string{"one", "two"}[rng.IntN(2)]}
			}
			type cut struct {
				version int64
				counts  map[string]counted
			}
			snap := func() cut {
				c := cut{version: e.version(), counts: map[string]counted{}}
				for _, s := range strategies {
					c.counts[s] = e.counted(s)
				}
				return c
			}
			cuts := []cut{snap()}
			for step := 0; step < 30; step++ {
				switch rng.IntN(4) {
				case 0, 1:
					s := random()
					e.stance(s.PersonID, s.StrategyID, s.Kind, s.Tentative, s.Summary)
				case 2:
					held := map[[2]string]bot.Stance{}
					for n := rng.IntN(4); n > 0; n-- {
						s := random()
						held[[2]string{s.PersonID, s.StrategyID}] = s
					}
					var stances []bot.Stance
					for _, s := range held {
						stances = append(stances, s)
					}
					e.atlas(stances...)
				case 3:
					s := random()
					e.propose(b, people[s.PersonID], s.StrategyID, s.Kind, fmt.Sprintf("Words said at step %d.", step))
				}
				if rng.IntN(3) == 0 {
					cuts = append(cuts, snap())
				}
			}
			cuts = append(cuts, snap())
			var last map[string]Group
			for i := 1; i < len(cuts); i++ {
				from, to := cuts[i-1], cuts[i]
				d, err := Compose(e.ctx, e.db, from.version, to.version, nil)
				if err != nil {
					t.Fatal(err)
				}
				groups := map[string]Group{}
				for _, g := range d.Groups {
					groups[g.Strategy.ID] = g
				}
				for _, s := range strategies {
					was, now := from.counts[s], to.counts[s]
					g, ok := groups[s]
					if !ok {
						if now != was {
							t.Errorf("digest %d: %s moved %+v -> %+v, and the digest has nothing on it", i, s, was, now)
						}
						continue
					}
					if got := (counted{g.Endorsers, g.Opposers}); got != now {
						t.Errorf("digest %d: %s counts %+v, the store held %+v", i, s, got, now)
					}
					if g.EndorsersDelta != now.endorsers-was.endorsers || g.OpposersDelta != now.opposers-was.opposers {
						t.Errorf("digest %d: %s deltas %+d, %+d; counts moved %+v -> %+v", i, s, g.EndorsersDelta, g.OpposersDelta, was, now)
					}
					if prev, ok := last[s]; ok && (g.Endorsers-prev.Endorsers != g.EndorsersDelta || g.Opposers-prev.Opposers != g.OpposersDelta) {
						t.Errorf("digest %d: %s counts %d, %d after %d, %d, but deltas %+d, %+d", i, s,
							g.Endorsers, g.Opposers, prev.Endorsers, prev.Opposers, g.EndorsersDelta, g.OpposersDelta)
					}
				}
				last = groups
			}
		})
	}
}

// TestDigestSaysWhatItCounts: every form of a digest (listed, paged and
// summed up) says, once at its top, which stances its counts count and
// what their change is measured from, and each count line names them
// stated endorsers.
func TestDigestSaysWhatItCounts(t *testing.T) {
	const note = "Beside each strategy: its stated endorsers (endorses, mixed, conditional or evolved toward, " +
		"not tentative) and its opposers (opposes or evolved away), each with its change since the last digest."
	for _, n := range []int{3, MaxListed + 1} {
		e := newEnv(t, at(20, 10, 0))
		from := e.version()
		ids := make([]int, n)
		for i := range ids {
			ids[i] = i + 1
		}
		e.record("pause", ids...)
		d, err := Compose(e.ctx, e.db, from, e.version(), nil)
		if err != nil {
			t.Fatal(err)
		}
		page, err := d.Page(Title("2026-11-21"), time.UTC, 1, "/digest preview")
		if err != nil {
			t.Fatal(err)
		}
		counts := fmt.Sprintf("%d stated endorsers, +%d; 1 opposer, no change", n, n)
		for name, r := range map[string]bot.Reply{"reply": d.Reply(Title("2026-11-21"), time.UTC), "page": page} {
			text := replyText(r)
			if !strings.Contains(r.Cards[0].Text, note) || strings.Count(text, note) != 1 {
				t.Errorf("%d positions, %s: the first card does not say what is counted, once:\n%s", n, name, text)
			}
			if !strings.Contains(text, counts) {
				t.Errorf("%d positions, %s: no %q:\n%s", n, name, counts, text)
			}
		}
	}
}

// TestSummaryLeavesOutRetractions: a digest too large to list counts a
// retraction among its positions but does not name its person among the
// new voices.
func TestSummaryLeavesOutRetractions(t *testing.T) {
	e := newEnv(t, at(20, 10, 0))
	e.atlas(bot.Stance{PersonID: "andrew-ng", StrategyID: "pause", Kind: bot.StanceEndorses, Summary: "Ng on the pause"})
	from := e.version()
	ids := make([]int, MaxListed)
	for i := range ids {
		ids[i] = i + 1
	}
	e.record("open-source", ids...)
	e.atlas()
	d, err := Compose(e.ctx, e.db, from, e.version(), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := d.Reply(Title("2026-11-21"), time.UTC)
	if text := r.Cards[0].Text; !strings.Contains(text, "100 new stances and 1 retracted stance") {
		t.Errorf("summary %q, want the retraction counted", text)
	}
	seen := map[string]bool{}
	for _, c := range r.Cards {
		seen[c.Title] = true
		if c.Title == "Most recognised new voices" && strings.Contains(c.Text, "Andrew Ng") {
			t.Errorf("a retraction is named a new voice:\n%s", c.Text)
		}
		if c.Title == "Positions by strategy" && !strings.Contains(c.Text, "Pause frontier training: 1 position (0 stated endorsers, -1; 1 opposer, no change)") {
			t.Errorf("positions by strategy:\n%s", c.Text)
		}
	}
	for _, title := range []string{"Most recognised new voices", "Positions by strategy"} {
		if !seen[title] {
			t.Errorf("no %q card: the checks on it cannot fail", title)
		}
	}
}
