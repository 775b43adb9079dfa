package main

import (
	"bytes"
	"context"
	"io"
	"os"
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

// TestOpenAppRefusesBrokenStore: a store file that is empty, not a file or
// not a database is an error naming it and what to do, never re-seeded
// (a re-seeded store silently loses its subscriptions); the commands exit
// 1, not 2 ("bad command line").
func TestOpenAppRefusesBrokenStore(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		make func(path string) error
		want string
	}{
		{"empty", func(p string) error { return os.WriteFile(p, nil, 0o600) }, "empty (0 bytes)"},
		{"a directory", func(p string) error { return os.Mkdir(p, 0o700) }, "not a regular file"},
		{"not a database", func(p string) error {
			return os.WriteFile(p, bytes.Repeat([]byte("garbage!"), 1024), 0o600)
		}, "not a stancebot store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, storeFile)
			if err := tt.make(path); err != nil {
				t.Fatal(err)
			}
			before, _ := os.Stat(path)
			a, err := openApp(ctx, appOptions{DataDir: dir})
			if err == nil {
				a.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %s and say %q", err, path, tt.want)
			}
			if after, _ := os.Stat(path); after.Size() != before.Size() || after.IsDir() != before.IsDir() {
				t.Errorf("the file was changed: %d -> %d bytes", before.Size(), after.Size())
			}
			var stderr bytes.Buffer
			if code := run(ctx, []string{"ask", "--data", dir, "/strategies"}, strings.NewReader(""), io.Discard, &stderr); code != 1 {
				t.Errorf("ask exits %d, want 1: %s", code, stderr.String())
			}
		})
	}
}

func TestOpenAppRefusesUnreadableStore(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any file")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, storeFile)
	if err := os.WriteFile(path, []byte("x"), 0o000); err != nil {
		t.Fatal(err)
	}
	_, err := openApp(context.Background(), appOptions{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "cannot be read") {
		t.Errorf("error %v; want one naming %s as unreadable", err, path)
	}
}
