package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

func TestOpenAppSeedsOnce(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "nested", "data")
	a, err := openApp(ctx, appOptions{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	v1, err := a.Store.Version(ctx)
	if err != nil || v1 == 0 {
		t.Fatalf("a fresh data dir was not seeded: version %d, %v", v1, err)
	}
	cat, err := a.Store.Catalog(ctx)
	if err != nil || len(cat.Strategies) == 0 || len(cat.People) == 0 {
		t.Fatalf("catalog after seeding: %d strategies, %d people, %v", len(cat.Strategies), len(cat.People), err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	a, err = openApp(ctx, appOptions{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if v2, err := a.Store.Version(ctx); err != nil || v2 != v1 {
		t.Errorf("reopening changed the store: version %d -> %d (%v)", v1, v2, err)
	}
}

func TestDefaultDataDir(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/srv/xdg")
	if d, err := defaultDataDir(); err != nil || d != filepath.Join("/srv/xdg", "stancebot") {
		t.Errorf("with XDG_DATA_HOME: %q, %v", d, err)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/ada")
	if d, err := defaultDataDir(); err != nil || d != filepath.Join("/home/ada", ".local", "share", "stancebot") {
		t.Errorf("without XDG_DATA_HOME: %q, %v", d, err)
	}
}

// TestImportBesideServe: while one process serves the data directory (and
// holds its index), import writes to the store, and the serving index picks
// the new quote up on its next sync; a command that needs the index refuses
// clearly instead of hanging.
func TestImportBesideServe(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	serving, err := openApp(ctx, appOptions{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer serving.Close()

	var out, errOut bytes.Buffer
	args := []string{"import", "--data", dir, "thread", filepath.Join("..", "..", "seeds", "raw", "thread-open-models-resilience.txt"),
		"--person", "Jane Example", "--strategy", "open-source", "--stance", "endorses", "--date", "2026-11-22"}
	if code := run(ctx, args, nil, &out, &errOut); code != 0 {
		t.Fatalf("import beside a serving process: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	if n, err := serving.Index.Sync(ctx); err != nil || n == 0 {
		t.Fatalf("sync after the import: %d quotes, %v", n, err)
	}
	hits, err := serving.Index.Search(ctx, bot.QuoteQuery{Words: "civilizational resilience", PersonID: "jane-example", Limit: 3})
	if err != nil || len(hits.Hits) != 1 {
		t.Fatalf("the imported quote is not searchable: %+v, %v", hits, err)
	}

	out.Reset()
	errOut.Reset()
	if code := run(ctx, []string{"ask", "--data", dir, "/quote open source"}, nil, &out, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "in use by another process") {
		t.Errorf("ask while the index is held: exit %d, stderr %q", code, errOut.String())
	}
}
