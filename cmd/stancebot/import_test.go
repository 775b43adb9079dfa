package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/seeds"
)

// runCmd runs stancebot with args and returns the exit status and output.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// mustRun runs stancebot and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	code, out, errOut := runCmd(t, args...)
	if code != 0 {
		t.Fatalf("%q: exit %d\nstdout: %s\nstderr: %s", args, code, out, errOut)
	}
	return out, errOut
}

// sameFiles fails unless the dataset directories hold the same bytes.
func sameFiles(t *testing.T, want map[string][]byte, dir string) {
	t.Helper()
	for _, name := range seeds.DatasetFiles {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want[name]) {
			t.Errorf("%s differs:\n%s\n--- want ---\n%s", name, got, want[name])
		}
	}
}

func defaultFiles(t *testing.T) map[string][]byte {
	t.Helper()
	ds, err := seeds.Default()
	if err != nil {
		t.Fatal(err)
	}
	files, err := seeds.EncodeDataset(ds)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestExportImportExport(t *testing.T) {
	data, tmp := t.TempDir(), t.TempDir()
	out1, out2 := filepath.Join(tmp, "one"), filepath.Join(tmp, "two")
	stdout, _ := mustRun(t, "export", "--data", data, out1)
	if !strings.Contains(stdout, "wrote 1 strategy, 38 people, 38 stances, 38 quotes, 1 story to "+out1) {
		t.Errorf("export said %q", stdout)
	}
	// A new store holds the embedded dataset exactly.
	sameFiles(t, defaultFiles(t), out1)
	stdout, _ = mustRun(t, "import", "--data", data, out1)
	if !strings.Contains(stdout, "added:   nothing\n  changed: nothing\n") {
		t.Errorf("re-importing the export changed the store:\n%s", stdout)
	}
	mustRun(t, "export", out2, "--data", data)
	files := map[string][]byte{}
	for _, name := range seeds.DatasetFiles {
		b, err := os.ReadFile(filepath.Join(out1, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	sameFiles(t, files, out2)
}

func TestImportRealExportsIdempotent(t *testing.T) {
	data := t.TempDir()
	board := filepath.Join("..", "..", "seeds", "raw", "board-open-source.txt")
	thread := filepath.Join("..", "..", "seeds", "raw", "thread-open-models-resilience.txt")
	// The new store is seeded with the embedded dataset, which is made of
	// these exports: importing them again records nothing.
	stdout, stderr := mustRun(t, "import", "--data", data, "board", board)
	if !strings.Contains(stdout, "added:   nothing\n  changed: nothing\n") {
		t.Errorf("board import changed the store:\n%s", stdout)
	}
	for _, w := range []string{
		"warning: profiled endorsers: page says 8, export names 7\n",
		"warning: grid: the Frontier builder × Field-leading cell is not empty but names no one",
		"warning: vintage mix: page says n=8",
		"warning: endorser p(doom): page says n=2, mean 25%",
	} {
		if !strings.Contains(stderr, w) {
			t.Errorf("board import did not warn %q:\n%s", w, stderr)
		}
	}
	stdout, stderr = mustRun(t, "import", "--data", data, "thread", thread,
		"--person", "Thomas Wolf", "--strategy", "open weights", "--stance", "endorses", "--date", "2026-11-21")
	if !strings.Contains(stdout, "added:   nothing\n  changed: nothing\n") {
		t.Errorf("thread import changed the store:\n%s", stdout)
	}
	if !strings.Contains(stderr, "warning: Thomas Wolf is already in the store: kept as stored") {
		t.Errorf("stderr = %q", stderr)
	}
	stdout, _ = mustRun(t, "ask", "--data", data, "/whoendorses open source")
	if !strings.Contains(stdout, "Stated endorsers: 38") {
		t.Errorf("after re-imports:\n%s", stdout)
	}
}

func TestImportAddsThenChangesNothing(t *testing.T) {
	data, tmp := t.TempDir(), t.TempDir()
	q := bot.Quote{PersonID: "ann-able", StrategyID: "pause", Text: "Stop now.", Fidelity: bot.FidelityDirect,
		Source: bot.Source{Type: "talk", Title: "T", Date: bot.Date{Year: 2024}}}
	ds := bot.Dataset{
		Strategies: []bot.Strategy{{ID: "pause", Name: "Pause", Aliases: []string{"moratorium"}}},
		People:     []bot.Person{{ID: "ann-able", Name: "Ann Able"}},
		Stances:    []bot.Stance{{PersonID: "ann-able", StrategyID: "pause", Kind: bot.StanceEndorses}},
		Quotes:     []bot.Quote{q},
	}
	dir := filepath.Join(tmp, "pause")
	if err := seeds.WriteDir(dir, ds); err != nil {
		t.Fatal(err)
	}
	stdout, _ := mustRun(t, "import", "--data", data, dir)
	if !strings.Contains(stdout, "added:   1 strategy, 1 person, 1 stance, 1 quote\n  changed: nothing\n") {
		t.Errorf("first import:\n%s", stdout)
	}
	stdout, _ = mustRun(t, "import", dir, "--data", data)
	if !strings.Contains(stdout, "added:   nothing\n  changed: nothing\n") {
		t.Errorf("second import:\n%s", stdout)
	}

	thread := filepath.Join(tmp, "thread.txt")
	post := "We must pause now."
	body := post + "\nLab head Bea Bold urges a pause on frontier training\nStory Overview\nShe posted it.\nMost Activity\n@bea agreed\n" + post + "\n\n@bea no\n"
	if err := os.WriteFile(thread, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"import", "--data", data, "thread", thread, "--person", "Bea Bold", "--strategy", "moratorium", "--stance", "conditional", "--date", "2025-03"}
	stdout, _ = mustRun(t, args...)
	if !strings.Contains(stdout, "added:   1 person, 1 stance, 1 quote, 1 story\n") {
		t.Errorf("thread import:\n%s", stdout)
	}
	stdout, _ = mustRun(t, args...)
	if !strings.Contains(stdout, "added:   nothing\n  changed: nothing\n") {
		t.Errorf("thread re-import:\n%s", stdout)
	}
	stdout, _ = mustRun(t, "ask", "--data", data, "/person bea bold")
	for _, want := range []string{"Bea Bold", "Lab head", "Urges a pause on frontier training", post} {
		if !strings.Contains(stdout, want) {
			t.Errorf("/person bea bold lacks %q:\n%s", want, stdout)
		}
	}
}

func TestImportErrors(t *testing.T) {
	data, tmp := t.TempDir(), t.TempDir()
	board := filepath.Join("..", "..", "seeds", "raw", "board-open-source.txt")
	thread := filepath.Join("..", "..", "seeds", "raw", "thread-open-models-resilience.txt")
	broken := filepath.Join(tmp, "broken")
	if err := os.MkdirAll(broken, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"strategies.toml": "[[strategy]]\nid = \"s\"\nname = \"S\"\n",
		"people.toml":     "[[person]]\nid = \"a\"\nname = \"A\"\n",
		"quotes.toml":     "[[quote]]\nperson = \"a\"\nstrategy = \"s\"\ntext = \"t\"\nfidelity = \"verbatim\"\n",
	} {
		if err := os.WriteFile(filepath.Join(broken, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	threadFlags := []string{"--person", "Thomas Wolf", "--strategy", "open-source", "--stance", "endorses", "--date", "2026-11-21"}
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no arguments", nil, "want board FILE, thread FILE, atlas PATH|URL or a dataset directory"},
		{"board without a file", []string{"board"}, "stancebot import [--data DIR] board FILE"},
		{"thread without flags", []string{"thread", thread}, "does not say --person, --strategy, --stance, --date"},
		{"thread flags on a board", []string{"board", board, "--person", "X"}, "for thread exports only"},
		{"unknown strategy", append([]string{"thread", thread}, append(threadFlags[:2:2], "--strategy", "nope", "--stance", "endorses", "--date", "2026-11-21")...), `--strategy "nope" is not in the store`},
		{"bad stance", append([]string{"thread", thread}, "--person", "X", "--strategy", "open-source", "--stance", "loves", "--date", "2026-11-21"), `--stance "loves"`},
		{"bad date", append([]string{"thread", thread}, "--person", "X", "--strategy", "open-source", "--stance", "endorses", "--date", "21/11/2026"), "--date"},
		{"missing board file", []string{"board", filepath.Join(tmp, "nope.txt")}, "read board export"},
		{"not a board export", []string{"board", thread}, "People on the record."},
		{"broken dataset", []string{broken}, filepath.Join(broken, "quotes.toml") + `:5: quote of "a": unknown fidelity "verbatim"`},
		{"no dataset", []string{tmp}, "no dataset files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, append([]string{"import", "--data", data}, tt.args...)...)
			if code != 2 || !strings.Contains(stderr, tt.stderr) || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, stdout, stderr, tt.stderr)
			}
		})
	}
	// Nothing above changed the store.
	out := filepath.Join(tmp, "out")
	mustRun(t, "export", "--data", data, out)
	sameFiles(t, defaultFiles(t), out)
	if code, _, _ := runCmd(t, "export", "--data", data); code != 2 {
		t.Errorf("export without a directory: exit %d, want 2", code)
	}
}
