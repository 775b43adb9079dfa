package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
