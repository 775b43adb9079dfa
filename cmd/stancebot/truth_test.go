package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/adapters/console"
	"github.com/stancebot/stancebot/seeds"
)

// TestAskPrintsDirectQuotesExactly: for every direct quote of the embedded
// dataset, /quote with some of its own words prints it between quotation
// marks exactly as recorded, with no emphasis markup inside.
func TestAskPrintsDirectQuotesExactly(t *testing.T) {
	ctx := context.Background()
	a, err := openApp(ctx, appOptions{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := a.Close(); err != nil {
			t.Error(err)
		}
	})
	ds, err := seeds.Default()
	if err != nil {
		t.Fatal(err)
	}
	lines := []string{"/quote civilizational resilience"}
	want := map[string]string{}
	for _, q := range ds.Quotes {
		if !q.Fidelity.IsDirect() {
			continue
		}
		words := strings.Fields(q.Text)
		lines = append(lines, "/quote "+strings.Join(words[:min(8, len(words))], " ")+" person:"+q.PersonID)
		want[q.ID] = "“" + q.Text + "”"
	}
	if len(want) < 5 {
		t.Fatalf("%d direct quotes in the embedded dataset", len(want))
	}
	for _, line := range lines {
		r := a.Bot.HandleLine(ctx, line, console.Request())
		if r.Error != "" {
			t.Fatalf("%s: %+v", line, r)
		}
		var out bytes.Buffer
		if err := console.Render(&out, r); err != nil {
			t.Fatal(err)
		}
		for _, c := range r.Cards {
			for _, qb := range c.Quotes {
				if w, ok := want[qb.QuoteID]; ok && !strings.Contains(out.String(), "    "+w+"\n") {
					t.Errorf("%s: the direct quote is not printed exactly as recorded:\n%s", line, out.String())
				}
			}
		}
	}
}

// TestImportReportsDamageAndBoardChanges: a board page whose name changed
// is reported as a changed board, not "changed: nothing"; a cut thread
// export and a page with a NUL byte are refused and change nothing.
func TestImportReportsDamageAndBoardChanges(t *testing.T) {
	data, tmp := t.TempDir(), t.TempDir()
	page, err := os.ReadFile(filepath.Join("..", "..", "seeds", "raw", "board-open-source.txt"))
	if err != nil {
		t.Fatal(err)
	}
	renamed := filepath.Join(tmp, "renamed.txt")
	if err := os.WriteFile(renamed, bytes.Replace(page, []byte("AGI Strategies"), []byte("AGI Strategies Board"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, _ := mustRun(t, "import", "--data", data, "board", renamed)
	if !strings.Contains(stdout, "changed: 1 board\n") {
		t.Errorf("renamed board:\n%s", stdout)
	}
	thread, err := os.ReadFile(filepath.Join("..", "..", "seeds", "raw", "thread-open-models-resilience.txt"))
	if err != nil {
		t.Fatal(err)
	}
	nul := filepath.Join(tmp, "nul.txt")
	cut := filepath.Join(tmp, "cut.txt")
	if err := os.WriteFile(nul, bytes.Replace(page, []byte("Yann LeCun\n"), []byte("Yann\x00LeCun\n"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cut, thread[:296], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "--data", data, "board", nul}, "line 39 has the control character U+0000"},
		{[]string{"import", "--data", data, "thread", cut, "--person", "Thomas Wolf", "--strategy", "open-source", "--stance", "endorses"},
			"thread export is incomplete"},
	} {
		if code, out, errOut := runCmd(t, tt.args...); code != 2 || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want refused with %q", tt.args, code, out, errOut, tt.want)
		}
	}
}
