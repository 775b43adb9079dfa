package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	discordadapter "github.com/stancebot/stancebot/adapters/discord"
	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
)

func TestDiscordSync(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Setenv("DISCORD_TOKEN", "")
	t.Setenv("DISCORD_APP_ID", "")
	t.Setenv("DISCORD_PUBLIC_KEY", "")
	var out, errOut bytes.Buffer

	for _, args := range [][]string{
		{"discord"},
		{"discord", "register"},
		{"discord", "sync", "extra"},
		{"discord", "sync", "--guild", "1", "--global"},
		{"discord", "sync", "--data", dir}, // no token, no application id
	} {
		out.Reset()
		errOut.Reset()
		if code := run(ctx, args, nil, &out, &errOut); code != 2 {
			t.Errorf("%s: exit %d, want 2 (%s)", strings.Join(args, " "), code, errOut.String())
		}
	}

	out.Reset()
	if code := run(ctx, []string{"discord", "sync", "--print", "--data", dir}, nil, &out, &errOut); code != 0 {
		t.Fatalf("--print: exit %d: %s", code, errOut.String())
	}
	var cmds []struct {
		Name string `json:"name"`
		Type int    `json:"type"`
	}
	if err := json.Unmarshal(out.Bytes(), &cmds); err != nil {
		t.Fatalf("--print: not JSON: %v\n%s", err, out.String())
	}
	names := map[string]bool{}
	for _, c := range cmds {
		names[c.Name] = true
	}
	for _, want := range []string{"whoendorses", "person", "quote", "digest", "help", discordadapter.FindSourcesCommand} {
		if !names[want] {
			t.Errorf("--print lacks %q: %v", want, names)
		}
	}

	// Registering, against a fake Discord.
	f, err := fakediscord.Start(fakediscord.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := openApp(ctx, appOptions{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	out.Reset()
	opts := discordadapter.Options{Token: f.Token(), AppID: f.AppID(), HTTPClient: f.Client()}
	if err := discordSync(ctx, a.Bot, opts, "330000000000000001", &out); err != nil {
		t.Fatal(err)
	}
	registered, err := f.Commands("330000000000000001")
	if err != nil {
		t.Fatal(err)
	}
	if len(registered) != len(cmds) || !strings.Contains(out.String(), "in guild 330000000000000001") ||
		!strings.Contains(out.String(), discordadapter.Fingerprint(registered)) {
		t.Errorf("registered %d of %d commands; said %q", len(registered), len(cmds), out.String())
	}
}
