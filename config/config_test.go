package config

import (
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/internal/testenv"
)

// writeFile writes a config file in a temporary directory and returns its path.
func writeFile(t *testing.T, content string) string {
	t.Helper()
	return testenv.File(t, "stancebot.toml", content)
}

func TestNoFileNoEnvIsDefaults(t *testing.T) {
	c, err := Load("", MapEnv(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.AnyPlatform() || len(c.Secrets()) != 0 {
		t.Errorf("platforms on or secrets without platform sections: %v", c.Secrets())
	}
	if c.HTTP.Listen != "127.0.0.1:8080" || c.Source("http.listen") != "default" {
		t.Errorf("listen %q from %q", c.HTTP.Listen, c.Source("http.listen"))
	}
}

func TestEnvOverridesFile(t *testing.T) {
	path := writeFile(t, `
[http]
listen = "127.0.0.1:9000"
shutdown_timeout = "3s"
[limits]
channel_per_minute = 5
`)
	c, err := Load(path, MapEnv(map[string]string{
		"STANCEBOT_HTTP_LISTEN":             ":7000",
		"STANCEBOT_LIMITS_USER_COOLDOWN":    "1m30s",
		"STANCEBOT_DIGEST_ENABLED":          "false",
		"STANCEBOT_DIGEST_DEFAULT_ZONE":     "Europe/Paris",
		"STANCEBOT_LIMITS_MAX_OPTION_BYTES": "100",
	}))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"listen from env", c.HTTP.Listen, ":7000"},
		{"listen source", c.Source("http.listen"), "env STANCEBOT_HTTP_LISTEN"},
		{"shutdown from file", c.HTTP.ShutdownTimeout, 3 * time.Second},
		{"shutdown source", c.Source("http.shutdown_timeout"), path},
		{"per minute from file", c.Limits.ChannelPerMinute, 5},
		{"cooldown from env", c.Limits.UserCooldown, 90 * time.Second},
		{"digest enabled", c.Digest.Enabled, false},
		{"zone", c.Digest.Location.String(), "Europe/Paris"},
		{"max option bytes", c.Limits.MaxOptionBytes, 100},
		{"cooldown default source", c.Source("log.level"), "default"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s: got %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestAllErrorsReported(t *testing.T) {
	path := writeFile(t, "[http]\nlisten = 1\nshutdown_timeout = \"x\"\n[log]\nlevel = \"loud\"\n")
	_, err := Load(path, MapEnv(nil))
	if err == nil {
		t.Fatal("no error")
	}
	for _, key := range []string{"http.listen", "http.shutdown_timeout", "log.level"} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error does not report %s:\n%v", key, err)
		}
	}
}

func TestSyntaxError(t *testing.T) {
	path := writeFile(t, "[http]\nlisten = \n")
	_, err := Load(path, MapEnv(nil))
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("error %v: want the file and line 2", err)
	}
}

// TestDraftLifetime: limits.draft_lifetime defaults to a week, is read from
// the file, and the environment overrides the file.
func TestDraftLifetime(t *testing.T) {
	file := writeFile(t, "[limits]\ndraft_lifetime = \"72h\"\n")
	tests := []struct {
		name       string
		path       string
		env        map[string]string
		want       time.Duration
		wantSource string
	}{
		{"default", "", nil, 7 * 24 * time.Hour, "default"},
		{"file", file, nil, 72 * time.Hour, file},
		{"env over file", file, map[string]string{"STANCEBOT_LIMITS_DRAFT_LIFETIME": "36h"}, 36 * time.Hour, "env STANCEBOT_LIMITS_DRAFT_LIFETIME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.path, MapEnv(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if got, src := c.Limits.DraftLifetime, c.Source("limits.draft_lifetime"); got != tt.want || src != tt.wantSource {
				t.Errorf("draft lifetime %s from %q, want %s from %q", got, src, tt.want, tt.wantSource)
			}
		})
	}
}
