package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	discordadapter "github.com/stancebot/stancebot/adapters/discord"
	"github.com/stancebot/stancebot/adapters/slack"
	"github.com/stancebot/stancebot/config"
	"github.com/stancebot/stancebot/internal/testenv"
)

func TestConfigCheck(t *testing.T) {
	const token = "discord-token-must-not-be-printed"
	bad := filepath.Join(t.TempDir(), "bad.toml")
	if err := os.WriteFile(bad, []byte("[discord]\ntoken = \""+token+"\"\n[limits]\nuser_cooldown = 5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantCode int
		want     []string // in stdout + stderr
	}{
		{"example with a platform", []string{"config", "check", "--config", "../../config.example.toml"},
			map[string]string{"DISCORD_TOKEN": token, "DISCORD_APP_ID": "42"}, 0,
			[]string{"discord: gateway", "slack:   off", "configuration OK", "http.listen", "../../config.example.toml", "DISCORD_TOKEN", "set"}},
		{"environment only", []string{"config", "check"},
			map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "STANCEBOT_HTTP_LISTEN": ":9090"}, 0,
			[]string{"slack:   socket", `":9090"`, "env STANCEBOT_HTTP_LISTEN"}},
		{"no platform", []string{"config", "check"}, nil, 1,
			[]string{"no platform is configured", "DISCORD_TOKEN", "SLACK_APP_TOKEN"}},
		{"bad file", []string{"config", "check", "--config", bad}, map[string]string{"DISCORD_TOKEN": token, "DISCORD_APP_ID": "42"}, 1,
			[]string{"discord.token: secrets are read only from the environment", "limits.user_cooldown: want a duration"}},
		{"mode without its secret", []string{"config", "check"}, map[string]string{"STANCEBOT_SLACK_MODE": "socket"}, 1,
			[]string{"slack.mode: socket mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN"}},
		{"missing file", []string{"config", "check", "--config", filepath.Join(t.TempDir(), "none.toml")}, nil, 1,
			[]string{"none.toml"}},
		{"no action", []string{"config"}, nil, 2, []string{"config check"}},
		{"stray argument", []string{"config", "check", "a.toml", "extra"}, nil, 2, []string{"unexpected argument"}},
		{"file as argument", []string{"config", "check", "../../config.example.toml"},
			map[string]string{"DISCORD_TOKEN": token, "DISCORD_APP_ID": "42"}, 0, []string{"configuration OK", "../../config.example.toml"}},
		{"file twice", []string{"config", "check", "a.toml", "--config", "b.toml"}, nil, 2, []string{"give the file once"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, name := range []string{"DISCORD_TOKEN", "DISCORD_APP_ID", "DISCORD_PUBLIC_KEY", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"} {
				t.Setenv(name, "")
				os.Unsetenv(name)
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr)
			out := stdout.String() + stderr.String()
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d\n%s", code, tt.wantCode, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, token) {
				t.Errorf("output reveals a secret:\n%s", out)
			}
		})
	}
}

func TestExampleIsDefaults(t *testing.T) {
	const example = "../../config.example.toml"
	got, err := loadConfig(example, config.MapEnv(nil))
	if err != nil {
		t.Fatalf("load %s: %v", example, err)
	}
	want, err := loadConfig("", config.MapEnv(nil))
	if err != nil {
		t.Fatal(err)
	}
	gotSettings, wantSettings := got.Settings(), want.Settings()
	if len(gotSettings) != len(wantSettings) {
		t.Fatalf("%d settings from %s, %d by default", len(gotSettings), example, len(wantSettings))
	}
	for i, s := range gotSettings {
		if s.Source != example {
			t.Errorf("%s is not set in %s: every setting must be shown with its default", s.Key, example)
		}
		if s.Key != wantSettings[i].Key || s.Value != wantSettings[i].Value {
			t.Errorf("%s = %s in %s, but the default is %s = %s", s.Key, s.Value, example, wantSettings[i].Key, wantSettings[i].Value)
		}
	}
	if got.Digest.Location.String() != want.Digest.Location.String() {
		t.Errorf("zone %s, want %s", got.Digest.Location, want.Digest.Location)
	}
}

func TestConfigBothPlatforms(t *testing.T) {
	path := testenv.File(t, "stancebot.toml", "[slack]\nmode = \"off\"\n")
	env := map[string]string{"DISCORD_TOKEN": "t", "DISCORD_APP_ID": "42", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}
	cfg, err := loadConfig(path, config.MapEnv(env))
	if err != nil {
		t.Fatal(err)
	}
	if d := sectionOf[*discordadapter.Config](cfg); d.Mode != discordadapter.ModeGateway || d.AppID != "42" {
		t.Errorf("discord mode %s, app id %q; want gateway, 42", d.Mode, d.AppID)
	}
	if s := sectionOf[*slack.Config](cfg); s.Mode != config.ModeOff {
		t.Errorf("slack mode %s, want off (the file)", s.Mode)
	}
	cfg, err = loadConfig("", config.MapEnv(env))
	if err != nil {
		t.Fatal(err)
	}
	var modes []string
	for _, p := range cfg.Platforms() {
		modes = append(modes, p.Name()+" "+p.CurrentMode())
	}
	if got := strings.Join(modes, ", "); got != "discord gateway, slack socket" {
		t.Errorf("platforms %s, want discord gateway, slack socket", got)
	}
	help := cfg.PlatformHelp()
	for _, want := range []string{"DISCORD_TOKEN", "SLACK_APP_TOKEN"} {
		if !strings.Contains(help, want) {
			t.Errorf("PlatformHelp does not name %s:\n%s", want, help)
		}
	}
}

// FuzzLoadConfig feeds arbitrary documents to the file decoder with every
// platform's section: it may refuse them, never panic, and a setting the
// file does not give keeps its default.
func FuzzLoadConfig(f *testing.F) {
	example, err := os.ReadFile("../../config.example.toml")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		string(example), "", "[[discord]]\nmode = \"off\"\n", "[http]\nlisten = {a = 1}\n",
		"[slack]\nadmin_users = [[\"U0AAA\"]]\n", "[digest]\ndefault_time = 1979-05-27T07:32:00Z\n",
		"x.y.z = 1\n", "[limits]\nmax_option_bytes = 1e3\n", "[discord]\nmode = \"gateway\"\n",
	} {
		f.Add(seed)
	}
	dir := f.TempDir()
	defaults, err := loadConfig("", config.MapEnv(nil))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		path := filepath.Join(dir, "fuzz.toml")
		if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := loadConfig(path, config.MapEnv(nil))
		if err != nil {
			return
		}
		if c.Source("http.listen") != path && c.HTTP.Listen != defaults.HTTP.Listen {
			t.Errorf("listen changed to %q without being read from the file", c.HTTP.Listen)
		}
		if c.AnyPlatform() {
			t.Errorf("a platform is on without any secret: %s", c.PlatformHelp())
		}
	})
}
