package console

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

func TestComplete(t *testing.T) {
	b := realdata.Bot(t)
	ctx := context.Background()
	tests := []struct {
		before, typed string
		want          []string // some of the continuations
	}{
		{"/who", "/who", []string{"endorses "}},
		{"pe", "pe", []string{"rson "}},
		{"/whoendorses op", "op", []string{"en-source ", "en source "}},
		{"/whoendorses open w", "open w", []string{"eights "}},
		{"/person joelle", "joelle", []string{"-pineau "}},
		{"/person yann le", "yann le", []string{"Cun "}},
		{"/whoendorses open source stance:op", "op", []string{"poses "}},
		{"/whoendorses open source sta", "sta", []string{"nce:"}},
		{"/quote open strategy:op", "op", []string{"en-source "}},
		{"/whoendorses open source stance:evo", "evo", []string{"lved-toward ", "lved-away "}},
	}
	for _, tt := range tests {
		typed, got := Complete(ctx, b, tt.before)
		if typed != tt.typed {
			t.Errorf("Complete(%q) completes %q, want %q", tt.before, typed, tt.typed)
		}
		for _, w := range tt.want {
			if !contains(got, w) {
				t.Errorf("Complete(%q) = %q, lacks %q", tt.before, got, w)
			}
		}
	}
	if _, got := Complete(ctx, b, "/nosuch x"); got != nil {
		t.Errorf("an unknown command completes: %q", got)
	}
	// readline's interface: continuations in runes, and the typed length.
	out, n := completer{ctx: ctx, b: b}.Do([]rune("/person joëlle"), len([]rune("/person joëlle")))
	if n != len([]rune("joëlle")) {
		t.Errorf("Do: length %d (%q)", n, out)
	}
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

func TestLineWithoutSlash(t *testing.T) {
	b := realdata.Bot(t)
	for in, want := range map[string]string{
		"/person x":                   "/person x",
		"whoendorses open weights":    "whoendorses open weights",
		"Person yann lecun":           "Person yann lecun",
		"hello":                       "/quote hello",
		"regulation bans open source": "/quote regulation bans open source",
	} {
		if got := Line(b, in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
	var out bytes.Buffer
	if err := Run(context.Background(), b, strings.NewReader("regulation bans open source\nhlep\n"), &out, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"for “regulation bans open source”", "Did you mean /help?"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestRunWithTheLineEditor: the line editor's path answers commands,
// keeps them in the history file, and shows the banner it is given.
func TestRunWithTheLineEditor(t *testing.T) {
	b := realdata.Bot(t)
	history := filepath.Join(t.TempDir(), "history")
	var out bytes.Buffer
	in := strings.NewReader("/strategies\nwhoendorses open weights\nquit\n")
	if err := Run(context.Background(), b, in, &out, Options{Banner: "banner line", Terminal: true, HistoryFile: history}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "banner line\n") || !strings.Contains(out.String(), "Strategies (") ||
		!strings.Contains(out.String(), "Stated endorsers") {
		t.Errorf("output:\n%s", out.String())
	}
	saved, err := os.ReadFile(history)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Fields(strings.ReplaceAll(string(saved), "\n", "|")); !reflect.DeepEqual(strings.Split(strings.TrimSuffix(string(saved), "\n"), "\n")[:2], []string{"/strategies", "whoendorses open weights"}) {
		t.Errorf("history file: %q (%q)", saved, got)
	}
}

func TestLineEditorEndsOnCancel(t *testing.T) {
	b := realdata.Bot(t)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	defer pw.Close()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, b, pr, &bytes.Buffer{}, Options{Terminal: true, HistoryFile: filepath.Join(t.TempDir(), "h")})
	}()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after cancel: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the line editor did not end when its context was cancelled")
	}
}
