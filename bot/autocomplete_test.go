package bot_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	. "github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

func TestAutocomplete(t *testing.T) {
	b, _, _ := newTestBot(t, testDataset(), Options{})
	tests := []struct {
		command, option, partial string
		want                     []string // first values, in order
	}{
		{"whoendorses", "strategy", "open", []string{"open-source"}},
		{"whoendorses", "strategy", "Open W", []string{"open-source"}},
		{"whoendorses", "strategy", "opn source", []string{"open-source"}},
		{"whoendorses", "strategy", "moratorum", []string{"pause"}},
		{"whoendorses", "strategy", "frontier", []string{"pause"}},
		{"whoendorses", "strategy", "", []string{"open-source", "pause"}},
		{"person", "name", "joelle", []string{"joelle-pineau"}},
		{"person", "name", "JOËL", []string{"joelle-pineau"}},
		{"person", "name", "lecun", []string{"yann-lecun"}},
		{"person", "name", "lecnu", []string{"yann-lecun"}},
		{"person", "name", "yan lecun", []string{"yann-lecun"}},
		{"person", "name", "mostaqe", []string{"emad-mostaque"}},
		{"person", "name", "thom_wolf", []string{"thomas-wolf"}},
		{"person", "name", "y", []string{"yann-lecun", "yoshua-bengio"}},
		{"person", "name", "xq", nil},
		{"whoendorses", "stance", "op", []string{"opposes"}},
		{"whoendorses", "page", "1", nil},
		{"nosuch", "name", "a", nil},
	}
	for _, tt := range tests {
		got := b.Autocomplete(context.Background(), tt.command, tt.option, tt.partial, choices)
		var values []string
		for _, c := range got {
			values = append(values, c.Value)
		}
		if len(values) > len(tt.want) {
			values = values[:len(tt.want)]
		}
		if !reflect.DeepEqual(values, tt.want) {
			t.Errorf("Autocomplete(%s %s %q) = %v, want first %v", tt.command, tt.option, tt.partial, got, tt.want)
		}
	}
	got := b.Autocomplete(context.Background(), "whoendorses", "strategy", "open weig", choices)
	if len(got) == 0 || got[0].Name != "Open source (open weights)" {
		t.Errorf("alias match shown as %v, want the alias in the label", got)
	}
	got = b.Autocomplete(context.Background(), "person", "name", "", choices)
	want := []string{"andrew-ng", "yann-lecun", "yoshua-bengio", "emad-mostaque", "joelle-pineau", "ada-cannon", "thomas-wolf"}
	var values []string
	for _, c := range got {
		values = append(values, c.Value)
	}
	if !reflect.DeepEqual(values, want) {
		t.Errorf("empty partial = %v, want everyone, most recognised first, then by name", values)
	}
}

func TestAutocompleteServedFromMemory(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	db := realdata.Store(t, "", nil, testDataset())
	fs := newCountingStore(db)
	b, _ := newBot(t, fs, Options{Now: func() time.Time { return now }})
	for i := 0; i < 100; i++ {
		b.Autocomplete(context.Background(), "person", "name", "yann"[:1+i%4], choices)
	}
	if v, c := fs.callCount("Version"), fs.callCount("Catalog"); v != 1 || c != 1 {
		t.Errorf("100 keystrokes asked the store for its version %d times and its catalog %d times, want 1 and 1", v, c)
	}
	ds := testDataset()
	ds.People = append(ds.People, Person{ID: "zoe-new", Name: "Zoë New"})
	if _, err := db.Import(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	if got := b.Autocomplete(context.Background(), "person", "name", "zoe n", choices); len(got) != 0 {
		t.Errorf("a change was seen before the recheck interval: %v", got)
	}
	now = now.Add(CatalogRecheck)
	if got := b.Autocomplete(context.Background(), "person", "name", "zoe n", choices); len(got) != 1 || got[0].Value != "zoe-new" {
		t.Errorf("after the recheck interval: %v, want the new person", got)
	}
	if c := fs.callCount("Catalog"); c != 2 {
		t.Errorf("catalog loaded %d times, want 2", c)
	}
}

func TestAutocompleteAtMost25(t *testing.T) {
	ds := SyntheticDataset(2000, 100)
	b, _, _ := newTestBot(t, ds, Options{})
	for _, partial := range []string{"", "a", "ka", "kalo"} {
		if got := b.Autocomplete(context.Background(), "person", "name", partial, choices); len(got) != choices {
			t.Errorf("person %q: %d choices, want %d", partial, len(got), choices)
		}
	}
	for _, partial := range []string{"", "strat", "strategy 1"} {
		if got := b.Autocomplete(context.Background(), "whoendorses", "strategy", partial, choices); len(got) != choices {
			t.Errorf("strategy %q: %d choices, want %d", partial, len(got), choices)
		}
	}
}

func TestLookup(t *testing.T) {
	b, _, _ := newTestBot(t, testDataset(), Options{})
	ctx := context.Background()
	for in, want := range map[string]string{
		"open-source": "open-source", "Open Source": "open-source", "open weights": "open-source",
		"OPEN_WEIGHTS": "open-source", "moratorium": "pause", "Pause frontier training.": "pause",
	} {
		st, err := b.FindStrategy(ctx, in)
		if err != nil || st.ID != want {
			t.Errorf("findStrategy(%q) = %q, %v; want %q", in, st.ID, err, want)
		}
	}
	for in, want := range map[string]string{
		"joelle pineau": "joelle-pineau", "Joëlle Pineau": "joelle-pineau", "JOELLE-PINEAU": "joelle-pineau",
		"@Thom_Wolf": "thomas-wolf", "yann lecun": "yann-lecun", "lecun": "yann-lecun", "Yann L": "yann-lecun",
		"thom": "thomas-wolf",
	} {
		p, err := b.FindPerson(ctx, in)
		if err != nil || p.ID != want {
			t.Errorf("findPerson(%q) = %q, %v; want %q", in, p.ID, err, want)
		}
	}
	for in, want := range map[string]string{
		"open sauce":  `No strategy called "open sauce". Closest: Open source.`,
		"transparent": `No strategy called "transparent". (/strategies lists them all)`,
	} {
		_, err := b.FindStrategy(ctx, in)
		if ErrorCode(err) != ENOTFOUND || !strings.HasPrefix(ErrorMessage(err), want) {
			t.Errorf("findStrategy(%q) = %v, want ENOTFOUND %q", in, err, want)
		}
	}
	if _, err := b.FindPerson(ctx, "y"); ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "could be any of these people: Yann LeCun (yann-lecun), Yoshua Bengio (yoshua-bengio)") {
		t.Errorf("an ambiguous prefix was resolved: %v", err)
	}
	_, err := b.FindPerson(ctx, "Bengio Yoshua")
	if msg := ErrorMessage(err); !strings.Contains(msg, "Closest: Yoshua Bengio") {
		t.Errorf("findPerson of swapped words: %q", msg)
	}
}

func BenchmarkAutocomplete(b *testing.B) {
	bot, _, _ := newTestBot(b, SyntheticDataset(10000, 500), Options{})
	ctx := context.Background()
	for _, partial := range []string{"", "k", "ka", "kalo", "kalomi tore", "kaolmi", "marusdre", "zzzzzz", "@renta"} {
		b.Run(fmt.Sprintf("person/%q", partial), func(b *testing.B) {
			for b.Loop() {
				bot.Autocomplete(ctx, "person", "name", partial, choices)
			}
		})
	}
	b.Run("strategy/strat 4", func(b *testing.B) {
		for b.Loop() {
			bot.Autocomplete(ctx, "whoendorses", "strategy", "strat 4", choices)
		}
	})
}
