package bot

import "testing"

// TestHistoryTentative: a person's stance history says when a stance is
// tentative and when only its tentativeness changed.
func TestHistoryTentative(t *testing.T) {
	r := PersonReport{Stances: []StrategyStance{{Strategy: Strategy{ID: "os", Name: "Open source"}}}}
	for _, tc := range []struct {
		c    Change
		want string
	}{
		{Change{Kind: ChangeStanceNew, StrategyID: "os", NewKind: StanceEndorses, NewTentative: true}, "Open source: endorses (tentative)"},
		{Change{Kind: ChangeStanceChanged, StrategyID: "os", OldKind: StanceEndorses, NewKind: StanceEndorses, OldTentative: true}, "Open source: endorses, now stated (no longer tentative)"},
		{Change{Kind: ChangeStanceChanged, StrategyID: "os", OldKind: StanceEndorses, NewKind: StanceEndorses, NewTentative: true}, "Open source: endorses, now tentative"},
		{Change{Kind: ChangeStanceChanged, StrategyID: "os", OldKind: StanceEndorses, NewKind: StanceEndorses}, "Open source: endorses, summary updated"},
		{Change{Kind: ChangeStanceChanged, StrategyID: "os", OldKind: StanceOpposes, NewKind: StanceEndorses, NewTentative: true}, "Open source: opposes → endorses (tentative)"},
		{Change{Kind: ChangeStanceRetracted, StrategyID: "os", OldKind: StanceEndorses, OldTentative: true}, "Open source: endorses (tentative), retracted by its source"},
	} {
		r.History = []Change{tc.c}
		if got := historyText(r, nil); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.c, got, tc.want)
		}
	}
}

// TestPersonCardSaysTheRoleOnce: a tagline the same as the role is not
// shown twice.
func TestPersonCardSaysTheRoleOnce(t *testing.T) {
	for _, tc := range []struct{ role, tagline, text string }{
		{"Godfather of deep learning", "Godfather of deep learning", ""},
		{"Professor", "Godfather of deep learning", "Godfather of deep learning"},
	} {
		c := personCard(PersonReport{Person: Person{Name: "G", Role: tc.role, Tagline: tc.tagline}}, nil)
		if c.Subtitle != tc.role || c.Text != tc.text {
			t.Errorf("role %q, tagline %q: subtitle %q, text %q", tc.role, tc.tagline, c.Subtitle, c.Text)
		}
	}
}
