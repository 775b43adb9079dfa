package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// damageSegments cuts every .zap segment of the data directory's index in
// half, as a broken disk does.
func damageSegments(t *testing.T, dir string) {
	t.Helper()
	segs, err := filepath.Glob(filepath.Join(dir, indexDir, "store", "*.zap"))
	if err != nil || len(segs) == 0 {
		t.Fatalf("no index segment under %s (%v)", dir, err)
	}
	for _, seg := range segs {
		data, err := os.ReadFile(seg)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(seg, data[:len(data)/2], 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDamagedIndexIsRebuiltNotACrash: ask on a data directory whose index
// segment is damaged answers /quote (the index is rebuilt first); serve's
// way (in the background) answers every other command at once, and /quote
// once the index is back.
func TestDamagedIndexIsRebuiltNotACrash(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"ask", "--data", dir, "/quote open models"}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("first ask: exit %d: %s", code, errOut.String())
	}
	damageSegments(t, dir)
	out.Reset()
	if code := run(context.Background(), []string{"ask", "--data", dir, "/quote open models"}, strings.NewReader(""), &out, &errOut); code != 0 || !strings.Contains(out.String(), "Emad Mostaque") {
		t.Fatalf("ask on a damaged index: exit %d:\n%s\n%s", code, out.String(), errOut.String())
	}

	damageSegments(t, dir)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a, err := openApp(ctx, appOptions{DataDir: dir, IndexInBackground: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	from := bot.Request{Platform: bot.PlatformConsole}
	if r := a.Bot.HandleLine(ctx, "/whoendorses open source", from); r.Error != "" {
		t.Errorf("/whoendorses while the index is rebuilt: %+v", r)
	}
	if r := a.Bot.HandleLine(ctx, "/quote open models", from); r.Error != "" && !a.Index.Ready() {
		if !strings.Contains(r.Cards[0].Title, "being rebuilt") {
			t.Errorf("/quote while the index is rebuilt: %+v", r.Cards[0])
		}
	}
	if err := a.Index.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	r := a.Bot.HandleLine(ctx, "/quote open models", from)
	if r.Error != "" || len(r.Cards) == 0 || len(r.Cards[0].Quotes) == 0 || r.Cards[0].Quotes[0].PersonID != "emad-mostaque" {
		t.Fatalf("/quote after the rebuild: %+v", r)
	}
}
