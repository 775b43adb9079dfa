package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestSlackManifest(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"slack", "manifest", "--data", dir, "--url", "https://bot.example.org"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var m struct {
		Features struct {
			SlashCommands []struct{ Command, URL string } `json:"slash_commands"`
		} `json:"features"`
		Settings struct {
			SocketModeEnabled bool `json:"socket_mode_enabled"`
		} `json:"settings"`
	}
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	got := map[string]string{}
	for _, c := range m.Features.SlashCommands {
		got[c.Command] = c.URL
	}
	for _, want := range []string{"/whoendorses", "/quote", "/digest", "/help"} {
		if got[want] != "https://bot.example.org/slack/commands" {
			t.Errorf("command %s: url %q", want, got[want])
		}
	}
	if m.Settings.SocketModeEnabled {
		t.Error("HTTP mode manifest enables Socket Mode")
	}

	for _, args := range [][]string{
		{"slack"},
		{"slack", "install"},
		{"slack", "manifest", "--url", "http://bot.example.org"},
		{"slack", "manifest", "extra"},
	} {
		out.Reset()
		errOut.Reset()
		if code := run(ctx, append(args, "--data", dir), nil, &out, &errOut); code != 2 {
			t.Errorf("%s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
}
