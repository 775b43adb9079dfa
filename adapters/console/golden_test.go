package console

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/adapters/internal/golden"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

var update = flag.Bool("update", false, "rewrite golden files")

// ask answers one command line as the console does and renders the reply.
func ask(t *testing.T, b *bot.Bot, line string) (bot.Reply, string) {
	t.Helper()
	r := b.HandleLine(context.Background(), line, Request())
	var buf bytes.Buffer
	if err := Render(&buf, r); err != nil {
		t.Fatal(err)
	}
	return r, buf.String()
}

func TestGoldenWhoEndorsesOpenSource(t *testing.T) {
	b := realdata.Bot(t)
	line := "/whoendorses open source"
	for page := 1; ; page++ {
		r, out := ask(t, b, line)
		if r.Error != "" {
			t.Fatalf("%s: %s", line, out)
		}
		golden.Check(t, filepath.Join("testdata", fmt.Sprintf("whoendorses-open-source-page%d.txt", page)), []byte(out), *update)
		next := ""
		for _, a := range r.Actions {
			if a.Label == "next page" {
				next = a.Command
			}
		}
		if next == "" {
			if page != r.Pages {
				t.Errorf("no next page after page %d of %d", page, r.Pages)
			}
			break
		}
		line = next
	}
}

func TestGoldenPersonAndHelp(t *testing.T) {
	b := realdata.Bot(t)
	for _, tt := range []struct{ line, file string }{
		{"/person joelle pineau", "person-joelle-pineau.txt"},
		{"/person Thomas Wolf", "person-thomas-wolf.txt"},
		{"/help", "help.txt"},
		{"/help whoendorses", "help-whoendorses.txt"},
		{"/strategies", "strategies.txt"},
	} {
		r, out := ask(t, b, tt.line)
		if r.Error != "" {
			t.Errorf("%s: %s", tt.line, out)
		}
		golden.Check(t, filepath.Join("testdata", tt.file), []byte(out), *update)
	}
}

// TestWhoEndorsesOpenSourceOnTheRealDataset checks the page's facts, not
// only its rendering: the board's 37 endorsers plus the thread's post, the
// principal voices with their tiers, and the 7 people placed in the grid.
func TestWhoEndorsesOpenSourceOnTheRealDataset(t *testing.T) {
	b := realdata.Bot(t)
	r, out := ask(t, b, "/whoendorses open source")
	if r.Error != "" {
		t.Fatal(out)
	}
	card := r.Cards[0]
	field := func(prefix string) string {
		for _, f := range card.Fields {
			if strings.HasPrefix(f.Name, prefix) {
				return f.Value
			}
		}
		return ""
	}
	if got := field("Stated endorsers"); got != "38" {
		t.Errorf("stated endorsers = %q, want 38", got)
	}
	if got := field("Opposers"); got != "no opposers yet" {
		t.Errorf("opposers = %q", got)
	}
	voices := field("Principal voices")
	for _, want := range []string{
		"Yann LeCun — Household name", "Andrew Ng — Household name", "Mark Zuckerberg — Household name",
		"Tim Berners-Lee — Household name", "Emad Mostaque — Field-leading",
	} {
		if !strings.Contains(voices, want) {
			t.Errorf("principal voices lack %q:\n%s", want, voices)
		}
	}
	if card.Grid == nil {
		t.Fatal("no grid")
	}
	placed := 0
	for _, row := range card.Grid.Cells {
		for _, cell := range row {
			placed += len(cell)
		}
	}
	if placed != 7 {
		t.Errorf("%d people in the grid, want 7", placed)
	}
	var people []string
	for line := "/whoendorses open source"; line != ""; {
		r, _ := ask(t, b, line)
		for _, c := range r.Cards[1:] {
			people = append(people, c.Title)
		}
		line = ""
		for _, a := range r.Actions {
			if a.Label == "next page" {
				line = a.Command
			}
		}
	}
	if len(people) != 38 {
		t.Errorf("%d people on the record over all pages, want 38", len(people))
	}
}
