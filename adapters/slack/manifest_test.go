package slack

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/adapters/internal/golden"
	"github.com/stancebot/stancebot/bot"
)

func TestManifestGolden(t *testing.T) {
	b := newBot(t)
	for name, opts := range map[string]ManifestOptions{
		"socket": {},
		"http":   {Name: "stancebot-dev", PublicURL: "https://bot.example.org/"},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Manifest(b, opts)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "manifest_"+name+".json"), got, *update)
			var m slackapi.Manifest
			if err := json.Unmarshal(got, &m); err != nil {
				t.Fatal(err)
			}
			if len(m.Features.SlashCommands) != len(b.Commands()) {
				t.Errorf("%d slash commands for %d registered commands", len(m.Features.SlashCommands), len(b.Commands()))
			}
			if m.Settings.SocketModeEnabled != (opts.PublicURL == "") {
				t.Errorf("socket mode %v with public URL %q", m.Settings.SocketModeEnabled, opts.PublicURL)
			}
		})
	}
}

func TestManifestFollowsTheRegistry(t *testing.T) {
	b := newBot(t)
	if err := b.Register(pagerCommand()); err != nil {
		t.Fatal(err)
	}
	out, err := Manifest(b, ManifestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte(`"command": "/pager"`)) || !bytes.Contains(out, []byte(`"usage_hint": "[page]"`)) {
		t.Errorf("a registered command is missing from the manifest:\n%s", out)
	}
	for _, bad := range []string{"http://bot.example.org", "bot.example.org", "https://"} {
		if _, err := Manifest(b, ManifestOptions{PublicURL: bad}); err == nil {
			t.Errorf("public URL %q accepted", bad)
		}
	}
	if err := b.Register(bot.Command{Name: "Bad Name", Run: pagerCommand().Run}); err != nil {
		t.Fatal(err)
	}
	if _, err := Manifest(b, ManifestOptions{}); err == nil {
		t.Error("a command name Slack refuses was accepted")
	}
}

// TestManifestLeavesOutHiddenOptions: an option only the bot's own buttons
// and forms set is not in the command's usage hint.
func TestManifestLeavesOutHiddenOptions(t *testing.T) {
	b := newBot(t)
	step := pagerCommand()
	step.Name = "step"
	step.Options = append(step.Options, bot.Option{Name: "draft", Integer: true, Hidden: true})
	if err := b.Register(step); err != nil {
		t.Fatal(err)
	}
	out, err := Manifest(b, ManifestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte(`"command": "/step"`)) || bytes.Contains(out, []byte("draft")) {
		t.Errorf("/step missing, or its hidden option in a usage hint:\n%s", out)
	}
}
