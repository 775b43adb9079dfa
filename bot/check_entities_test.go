package bot_test

import (
	"errors"
	"strings"
	"testing"

	. "github.com/stancebot/stancebot/bot"
)

func TestCheckEntities(t *testing.T) {
	person := Person{ID: "ada", Name: "Ada"}
	stance := Stance{PersonID: "ada", StrategyID: "open", Kind: StanceEndorses}
	quote := Quote{PersonID: "ada", StrategyID: "open", Text: "Words.", Fidelity: FidelityDirect}
	story := Story{ID: "s", QuoteID: QuoteID("ada", "open", "Words."), Replies: []StoryReply{{To: []string{"@a"}}}}
	tests := []struct {
		name        string
		err         error
		field, list string
		index       int
		message     string // a part of it; "" : no error
	}{
		{"valid strategy", CheckStrategy(Strategy{ID: "open", Name: "Open"}), "", "", 0, ""},
		{"strategy id", CheckStrategy(Strategy{ID: "Open", Name: "Open"}), "id", "", 0, `strategy id "Open" is not a slug (want "open")`},
		{"strategy without id", CheckStrategy(Strategy{Name: "Open"}), "id", "", 0, "strategy has no id"},
		{"strategy name", CheckStrategy(Strategy{ID: "open", Name: " "}), "name", "", 0, `strategy "open" has no name`},
		{"control in alias", CheckStrategy(Strategy{ID: "open", Name: "Open", Aliases: []string{"a\x1fb"}}), "aliases", "", 0, "control characters"},
		{"valid person", CheckPerson(person), "", "", 0, ""},
		{"unknown expertise", CheckPerson(Person{ID: "ada", Name: "Ada", Expertise: "genius"}), "expertise", "", 0, `person "ada": unknown expertise "genius" (want "`},
		{"negative order", CheckPerson(Person{ID: "ada", Name: "Ada", Order: -1}), "order", "", 0, "order -1 is negative"},
		{"day without month", CheckPerson(Person{ID: "ada", Name: "Ada", LastUpdated: Date{Year: 2024, Day: 3}}), "last_updated", "", 0, "invalid last-updated date"},
		{"p(doom) in a list", CheckPerson(Person{ID: "ada", Name: "Ada", PDoomClaims: []PDoomClaim{{Low: 1, High: 2}, {Low: 20, High: 10}}}), "", "pdoom", 1, `person "ada": p(doom) 20–10`},
		{"valid stance", CheckStance(stance), "", "", 0, ""},
		{"unknown stance kind", CheckStance(Stance{PersonID: "ada", StrategyID: "open", Kind: "likes"}), "kind", "", 0, `unknown stance kind "likes"`},
		{"stance without person", CheckStance(Stance{StrategyID: "open", Kind: StanceEndorses}), "person", "", 0, "has no person"},
		{"valid quote", CheckQuote(quote), "", "", 0, ""},
		{"quote id", CheckQuote(Quote{ID: "q1", PersonID: "ada", StrategyID: "open", Text: "Words.", Fidelity: FidelityDirect}), "id", "", 0, `quote id "q1" does not match`},
		{"quote without text", CheckQuote(Quote{PersonID: "ada", StrategyID: "open", Fidelity: FidelityDirect}), "text", "", 0, `quote of "ada" has no text`},
		{"unknown fidelity", CheckQuote(Quote{PersonID: "ada", StrategyID: "open", Text: "W", Fidelity: "verbatim"}), "fidelity", "", 0, `quote of "ada": unknown fidelity "verbatim"`},
		{"no such day", CheckQuote(Quote{PersonID: "ada", StrategyID: "open", Text: "W", Fidelity: FidelityDirect, Source: Source{Date: Date{Year: 2023, Month: 2, Day: 29}}}), "", "", 0, "invalid date"},
		{"valid story", CheckStory(story), "", "", 0, ""},
		{"story without post", CheckStory(Story{ID: "s"}), "quote", "", 0, "has no post"},
		{"empty handle", CheckStory(Story{ID: "s", QuoteID: "q", Replies: []StoryReply{{To: []string{"@a"}}, {To: []string{" "}}}}), "to", "reply", 1, "empty handle"},
		{"valid board", CheckBoard(Board{Name: "B"}), "", "", 0, ""},
		{"board without name", CheckBoard(Board{ProfiledTotal: 3}), "name", "", 0, "the board has no name"},
		{"negative total", CheckBoard(Board{Name: "B", ProfiledTotal: -1}), "profiled_total", "", 0, "is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.message == "" {
				if tt.err != nil {
					t.Fatalf("refused: %v", tt.err)
				}
				return
			}
			var ee *EntryError
			if !errors.As(tt.err, &ee) {
				t.Fatalf("error %v (%T), want an *EntryError", tt.err, tt.err)
			}
			if ee.Field != tt.field || ee.List != tt.list || ee.Index != tt.index || !strings.Contains(ee.Message, tt.message) {
				t.Errorf("got %+v, want field %q, list %q [%d], a message with %q", ee, tt.field, tt.list, tt.index, tt.message)
			}
		})
	}
}
