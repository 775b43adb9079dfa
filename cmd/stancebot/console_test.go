package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestConsoleReadsTheConfiguration: with --config, the console opens the
// configuration's data directory and applies its limits, as serve does,
// but no chat rate limit (its one user types command after command).
func TestConsoleReadsTheConfiguration(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	cfg := filepath.Join(t.TempDir(), "config.toml")
	conf := "[data]\ndir = " + strconv.Quote(dir) + "\n[limits]\nproposals_per_day = 3\nuser_cooldown = \"1h\"\n"
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	session := "/help propose\n/whoendorses open-source\nquit\n"
	if code := run(context.Background(), []string{"console", "--config", cfg}, strings.NewReader(session), &out, &errOut); code != 0 {
		t.Fatalf("console: exit %d: %s", code, errOut.String())
	}
	text := out.String()
	for _, want := range []string{"stancebot console on " + dir, "You may submit 3 proposals in 24 hours.", "Stated endorsers: 38"} {
		if !strings.Contains(text, want) {
			t.Errorf("the session lacks %q:\n%s", want, text)
		}
	}
	// What the bot's limiter says to a user or channel over its limit.
	if strings.Contains(text, "please wait") || strings.Contains(text, "try again in") {
		t.Errorf("the console's user was rate limited:\n%s", text)
	}
}
