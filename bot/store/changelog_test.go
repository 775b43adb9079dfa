package store

import (
	"context"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

// TestChangeLogRecordsTentative: every stance change row says whether the
// stance was tentative before and after it, from an import, a snapshot's
// retraction and a community approval alike.
func TestChangeLogRecordsTentative(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, smallDataset())
	stance := func(kind bot.StanceKind, tentative bool) bot.Stance {
		return bot.Stance{PersonID: "yann-lecun", StrategyID: "pause", Kind: kind, Summary: "In passing", Tentative: tentative}
	}
	type want struct {
		kind                       bot.ChangeKind
		oldKind, newKind           bot.StanceKind
		oldTentative, newTentative bool
	}
	steps := []struct {
		name  string
		write func() error
		want  want
	}{
		{"new tentative", func() error {
			_, err := db.Import(ctx, bot.Dataset{Stances: []bot.Stance{stance(bot.StanceEndorses, true)}})
			return err
		}, want{bot.ChangeStanceNew, "", bot.StanceEndorses, false, true}},
		{"tentative to stated", func() error {
			_, err := db.Import(ctx, bot.Dataset{Stances: []bot.Stance{stance(bot.StanceEndorses, false)}})
			return err
		}, want{bot.ChangeStanceChanged, bot.StanceEndorses, bot.StanceEndorses, true, false}},
		{"stated to tentative", func() error {
			_, err := db.Import(ctx, bot.Dataset{Stances: []bot.Stance{stance(bot.StanceMixed, true)}})
			return err
		}, want{bot.ChangeStanceChanged, bot.StanceEndorses, bot.StanceMixed, false, true}},
		{"claimed by a source", func() error {
			_, err := db.ImportFrom(ctx, bot.Dataset{Stances: []bot.Stance{stance(bot.StanceOpposes, true)}},
				bot.ImportOptions{Source: "atlas", Revision: "r1", Snapshot: true})
			return err
		}, want{bot.ChangeStanceChanged, bot.StanceMixed, bot.StanceOpposes, true, true}},
		{"retracted by its source", func() error {
			_, err := db.ImportFrom(ctx, bot.Dataset{}, bot.ImportOptions{Source: "atlas", Revision: "r2", Snapshot: true})
			return err
		}, want{bot.ChangeStanceRetracted, bot.StanceOpposes, "", true, false}},
		{"new again, tentative", func() error {
			_, err := db.Import(ctx, bot.Dataset{Stances: []bot.Stance{stance(bot.StanceConditional, true)}})
			return err
		}, want{bot.ChangeStanceNew, "", bot.StanceConditional, false, true}},
		{"approved by the community", func() error {
			p := testProposal()
			p.Status, p.PersonID, p.StrategyID = bot.ProposalPending, "yann-lecun", "pause"
			id, err := db.CreateProposal(ctx, p)
			if err != nil {
				return err
			}
			q := quote("yann-lecun", "pause", p.Values.Text, bot.FidelityDirect, bot.Source{URL: p.Values.URL})
			_, err = db.ApproveProposal(ctx, id, moderator, bot.Dataset{
				Stances: []bot.Stance{{PersonID: "yann-lecun", StrategyID: "pause", Kind: bot.StanceConditional, Summary: "In passing"}},
				Quotes:  []bot.Quote{q}})
			return err
		}, want{bot.ChangeStanceChanged, bot.StanceConditional, bot.StanceConditional, true, false}},
	}
	for _, s := range steps {
		before := mustVersion(t, db)
		if err := s.write(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		var got *bot.Change
		cs, err := db.ChangesSince(ctx, before, 0)
		if err != nil {
			t.Fatal(err)
		}
		for i := range cs {
			if cs[i].PersonID == "yann-lecun" && cs[i].StrategyID == "pause" && cs[i].Kind != bot.ChangeQuoteNew {
				got = &cs[i]
			}
		}
		if got == nil {
			t.Fatalf("%s: no stance change recorded in %+v", s.name, cs)
		}
		if g := (want{got.Kind, got.OldKind, got.NewKind, got.OldTentative, got.NewTentative}); g != s.want {
			t.Errorf("%s: recorded %+v, want %+v", s.name, g, s.want)
		}
	}
}

// TestMigrationBackfillsTentative: rows recorded before 0009 get each
// stance's current tentativeness on every side that holds a stance (the
// only tentativeness the store kept), and 0 elsewhere.
func TestMigrationBackfillsTentative(t *testing.T) {
	ctx := context.Background()
	// What an older binary recorded: person a's tentative endorsement,
	// first stated (not knowable now), then tentative; person b's stated
	// stance, then retracted while tentative; a person row.
	const ts = "2026-11-01T00:00:00.000000000Z"
	db := openAfterOlder(t, "0009_change_tentative.sql",
		`INSERT INTO strategies (id, name, summary, recorded_at, seq) VALUES ('s', 'S', '', '`+ts+`', 1)`,
		`INSERT INTO people (id, name, role, expertise, recognition, vintage, profiled, recorded_at, seq)
			VALUES ('a', 'A', '', '', '', '', 0, '`+ts+`', 1), ('b', 'B', '', '', '', '', 0, '`+ts+`', 1)`,
		`INSERT INTO changes (kind, person_id, recorded_at) VALUES ('person-new', 'a', '`+ts+`')`,
		`INSERT INTO changes (kind, person_id, strategy_id, new_kind, recorded_at) VALUES ('stance-new', 'a', 's', 'endorses', '`+ts+`')`,
		`INSERT INTO changes (kind, person_id, strategy_id, old_kind, new_kind, recorded_at)
			VALUES ('stance-changed', 'a', 's', 'endorses', 'endorses', '`+ts+`')`,
		`INSERT INTO changes (kind, person_id, strategy_id, new_kind, recorded_at) VALUES ('stance-new', 'b', 's', 'mixed', '`+ts+`')`,
		`INSERT INTO changes (kind, person_id, strategy_id, old_kind, recorded_at) VALUES ('stance-retracted', 'b', 's', 'mixed', '`+ts+`')`,
		`INSERT INTO stances (strategy_id, person_id, kind, summary, recorded_at, seq, tentative, retracted_seq)
			VALUES ('s', 'a', 'endorses', '', '`+ts+`', 3, 1, 0), ('s', 'b', 'mixed', '', '`+ts+`', 5, 1, 5)`,
	)
	cs, err := db.ChangesSince(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]bool{{false, false}, {false, true}, {true, true}, {false, true}, {true, false}}
	if len(cs) != len(want) {
		t.Fatalf("%d changes, want %d: %+v", len(cs), len(want), cs)
	}
	for i, c := range cs {
		if got := [2]bool{c.OldTentative, c.NewTentative}; got != want[i] {
			t.Errorf("change %d (%s %s): old, new tentative = %v, want %v", c.Seq, c.Kind, c.PersonID, got, want[i])
		}
	}
}
