package main

import (
	"context"
	"path/filepath"
	"testing"
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
