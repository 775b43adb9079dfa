package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// envMap is a LookupEnv over a map.
func envMap(m map[string]string) LookupEnv {
	return func(name string) (string, bool) { v, ok := m[name]; return v, ok }
}

// writeFile writes a config file in a temporary directory and returns its path.
func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "stancebot.toml")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	testPublicKey = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	testBotToken  = "xoxb-0000-not-a-real-token"
	testAppToken  = "xapp-0000-not-a-real-token"
)

func TestExampleIsDefaults(t *testing.T) {
	const example = "../config.example.toml"
	got, err := Load(example, envMap(nil))
	if err != nil {
		t.Fatalf("load %s: %v", example, err)
	}
	want := Defaults()
	want.sources = map[string]string{}
	if err := want.resolve(envMap(nil)); err != nil {
		t.Fatal(err)
	}
	wantSettings := want.Settings()
	for i, s := range got.Settings() {
		if s.Source != example {
			t.Errorf("%s is not set in %s: every setting must be shown with its default", s.Key, example)
		}
		if s.Value != wantSettings[i].Value {
			t.Errorf("%s = %s in %s, but the default is %s", s.Key, s.Value, example, wantSettings[i].Value)
		}
	}
	if got.Digest.Location.String() != want.Digest.Location.String() {
		t.Errorf("zone %s, want %s", got.Digest.Location, want.Digest.Location)
	}
}

func TestNoFileNoEnvIsDefaults(t *testing.T) {
	c, err := Load("", envMap(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Discord.Mode != ModeOff || c.Slack.Mode != ModeOff {
		t.Errorf("modes %s/%s with no secrets, want off/off", c.Discord.Mode, c.Slack.Mode)
	}
	if c.HTTP.Listen != "127.0.0.1:8080" || c.Source("http.listen") != "default" {
		t.Errorf("listen %q from %q", c.HTTP.Listen, c.Source("http.listen"))
	}
	if !strings.Contains(c.PlatformHelp(), "DISCORD_TOKEN") || !strings.Contains(c.PlatformHelp(), "SLACK_APP_TOKEN") {
		t.Errorf("PlatformHelp does not name the variables:\n%s", c.PlatformHelp())
	}
}

func TestEnvOverridesFile(t *testing.T) {
	path := writeFile(t, `
[http]
listen = "127.0.0.1:9000"
shutdown_timeout = "3s"
[limits]
channel_per_minute = 5
[slack]
admin_users = ["U0FILE"]
[discord]
moderator_roles = ["123456789012345678"]
`)
	c, err := Load(path, envMap(map[string]string{
		"STANCEBOT_HTTP_LISTEN":             ":7000",
		"STANCEBOT_LIMITS_USER_COOLDOWN":    "1m30s",
		"STANCEBOT_SLACK_ADMIN_USERS":       " U0AAA, W0BBB ,",
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
		{"admins from env", strings.Join(c.Slack.AdminUsers, "|"), "U0AAA|W0BBB"},
		{"moderator roles from file", strings.Join(c.Discord.ModeratorRoles, "|"), "123456789012345678"},
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

func TestModes(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		env       map[string]string
		discord   string
		slack     string
		wantAppID string
	}{
		{"nothing set", "", nil, ModeOff, ModeOff, ""},
		{"discord token", "", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_APP_ID": "42"}, ModeGateway, ModeOff, "42"},
		{"discord public key", "", map[string]string{"DISCORD_PUBLIC_KEY": testPublicKey, "DISCORD_APP_ID": "42"}, ModeHTTP, ModeOff, "42"},
		{"token and key, http chosen", "[discord]\nmode = \"http\"\n",
			map[string]string{"DISCORD_TOKEN": "t", "DISCORD_PUBLIC_KEY": testPublicKey, "DISCORD_APP_ID": "42"}, ModeHTTP, ModeOff, "42"},
		{"app id from the file wins", "[discord]\napp_id = \"7\"\n", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_APP_ID": "42"}, ModeGateway, ModeOff, "7"},
		{"renamed variable", "[discord]\ntoken_env = \"MY_DISCORD\"\n", map[string]string{"MY_DISCORD": "t", "DISCORD_APP_ID": "42"}, ModeGateway, ModeOff, "42"},
		{"slack socket", "", map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_APP_TOKEN": testAppToken}, ModeOff, ModeSocket, ""},
		{"slack http", "", map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": "s"}, ModeOff, ModeHTTP, ""},
		{"explicitly off", "[slack]\nmode = \"off\"\n", map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_APP_TOKEN": testAppToken}, ModeOff, ModeOff, ""},
		{"both platforms", "", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_APP_ID": "42",
			"SLACK_BOT_TOKEN": testBotToken, "SLACK_APP_TOKEN": testAppToken}, ModeGateway, ModeSocket, "42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			if tt.file != "" {
				path = writeFile(t, tt.file)
			}
			c, err := Load(path, envMap(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if c.Discord.Mode != tt.discord || c.Slack.Mode != tt.slack {
				t.Errorf("modes %s/%s, want %s/%s", c.Discord.Mode, c.Slack.Mode, tt.discord, tt.slack)
			}
			if c.Discord.AppID != tt.wantAppID {
				t.Errorf("app id %q, want %q", c.Discord.AppID, tt.wantAppID)
			}
		})
	}
}

func TestResolvedSources(t *testing.T) {
	path := writeFile(t, "[slack]\nmode = \"off\"\n")
	c, err := Load(path, envMap(map[string]string{"DISCORD_TOKEN": "t", "DISCORD_APP_ID": "42"}))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Setting{}
	for _, s := range c.Settings() {
		got[s.Key] = s
	}
	checks := []struct {
		key, value, source string
		auto               bool
	}{
		{"discord.mode", `"gateway"`, "default", true},
		{"discord.app_id", `"42"`, "env DISCORD_APP_ID", false},
		{"slack.mode", `"off"`, path, false},
	}
	for _, ch := range checks {
		s := got[ch.key]
		if s.Value != ch.value || s.Source != ch.source || s.Auto != ch.auto {
			t.Errorf("%s: %+v, want value %s from %s, auto %t", ch.key, s, ch.value, ch.source, ch.auto)
		}
	}
}

func TestErrors(t *testing.T) {
	const secret = "xoxb-very-secret-value"
	tests := []struct {
		name    string
		file    string // "" : no file
		env     map[string]string
		key     string // the *Error's key
		problem string // a part of its problem
	}{
		{"unknown key", "[http]\nlisten = \":1\"\nlistn = \":2\"\n", nil, "http.listn", "unknown key"},
		{"unknown section", "[htp]\nlisten = \":1\"\n", nil, "htp", "unknown section"},
		{"top-level key", "listen = \":1\"\n", nil, "listen", "belong in a section"},
		{"section not a table", "http = 3\n", nil, "http", "want a table"},
		{"nested table", "[http.tls]\ncert = \"x\"\n", nil, "http.tls", "unknown key"},
		{"wrong type string", "[http]\nlisten = 8080\n", nil, "http.listen", "want a string, got integer 8080"},
		{"wrong type int", "[limits]\nchannel_per_minute = \"5\"\n", nil, "limits.channel_per_minute", "want an integer"},
		{"wrong type bool", "[digest]\nenabled = \"yes\"\n", nil, "digest.enabled", "want true or false"},
		{"wrong type list", "[slack]\nadmin_users = \"U0AAA\"\n", nil, "slack.admin_users", "want an array of strings"},
		{"wrong list element", "[slack]\nadmin_users = [\"U0AAA\", 3]\n", nil, "slack.admin_users", "element 1"},
		{"bad duration", "[http]\nshutdown_timeout = \"5x\"\n", nil, "http.shutdown_timeout", `got "5x"`},
		{"duration as number", "[http]\nshutdown_timeout = 5\n", nil, "http.shutdown_timeout", "want a duration"},
		{"zero shutdown", "[http]\nshutdown_timeout = \"0s\"\n", nil, "http.shutdown_timeout", "must be positive"},
		{"negative cooldown", "[limits]\nuser_cooldown = \"-1s\"\n", nil, "limits.user_cooldown", "must not be negative"},
		{"negative rate", "[limits]\nchannel_per_minute = -1\n", nil, "limits.channel_per_minute", "must not be negative"},
		{"zero option bytes", "[limits]\nmax_option_bytes = 0\n", nil, "limits.max_option_bytes", "must be positive"},
		{"bad time zone", "[digest]\ndefault_zone = \"Mars/Olympus\"\n", nil, "digest.default_zone", "not an IANA time zone"},
		{"local time zone", "[digest]\ndefault_zone = \"Local\"\n", nil, "digest.default_zone", "IANA time zone"},
		{"bad time", "[digest]\ndefault_time = \"9am\"\n", nil, "digest.default_time", "HH:MM"},
		{"bad discord mode", "[discord]\nmode = \"websocket\"\n", nil, "discord.mode", `"websocket" is not one of auto, gateway, http, off`},
		{"bad slack mode", "[slack]\nmode = \"gateway\"\n", nil, "slack.mode", "is not one of auto, socket, http, off"},
		{"bad log format", "[log]\nformat = \"xml\"\n", nil, "log.format", "not one of text, json"},
		{"bad log level", "[log]\nlevel = \"verbose\"\n", nil, "log.level", "not one of"},
		{"bad listen", "[http]\nlisten = \"8080\"\n", nil, "http.listen", "host:port"},
		{"bad port", "[http]\nlisten = \":http\"\n", nil, "http.listen", "port must be a number"},
		{"bad guild id", "[discord]\nguild_id = \"my-guild\"\n", nil, "discord.guild_id", "not a Discord id"},
		{"bad moderator role", "[discord]\nmoderator_roles = [\"123\", \"mods\"]\n", nil, "discord.moderator_roles", "element 1"},
		{"bad interactions path", "[discord]\ninteractions_path = \"discord\"\n", nil, "discord.interactions_path", "absolute URL path"},
		{"reserved path", "[discord]\ninteractions_path = \"/metrics\"\n", nil, "discord.interactions_path", "taken by /metrics"},
		{"path with a wildcard", "[discord]\ninteractions_path = \"/discord/{id\"\n", nil, "discord.interactions_path", "absolute URL path"},
		{"bad admin id", "[slack]\nadmin_users = [\"alice\"]\n", nil, "slack.admin_users", "not a Slack user id"},
		{"secret in file", "[discord]\ntoken = \"" + secret + "\"\n", nil, "discord.token", "only from the environment"},
		{"slack secret in file", "[slack]\nsigning_secret = \"" + secret + "\"\n", nil, "slack.signing_secret", "slack.signing_secret_env"},
		{"other secret-looking key", "[http]\napi_key = \"" + secret + "\"\n", nil, "http.api_key", "only from the environment"},
		{"secret pasted into an _env key", "[slack]\nbot_token_env = \"" + secret + "\"\n", nil, "slack.bot_token_env", "not an environment variable name"},
		{"gateway without token", "[discord]\nmode = \"gateway\"\n", map[string]string{"DISCORD_APP_ID": "42"}, "discord.mode", "gateway mode needs DISCORD_TOKEN"},
		{"gateway without app id", "", map[string]string{"DISCORD_TOKEN": secret}, "discord.app_id", "set DISCORD_APP_ID"},
		{"discord http without key", "[discord]\nmode = \"http\"\n", map[string]string{"DISCORD_APP_ID": "42"}, "discord.mode", "http mode needs DISCORD_PUBLIC_KEY"},
		{"malformed public key", "", map[string]string{"DISCORD_PUBLIC_KEY": secret, "DISCORD_APP_ID": "42"}, "discord.public_key_env", "64 hexadecimal digits"},
		{"malformed app id in env", "", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_APP_ID": "abc"}, "discord.app_id_env", "not a Discord application id"},
		{"socket without app token", "[slack]\nmode = \"socket\"\n", map[string]string{"SLACK_BOT_TOKEN": secret}, "slack.mode", "socket mode needs SLACK_APP_TOKEN"},
		{"slack http without bot token", "[slack]\nmode = \"http\"\n", map[string]string{"SLACK_SIGNING_SECRET": secret}, "slack.mode", "http mode needs SLACK_BOT_TOKEN"},
		{"slack bot token alone", "", map[string]string{"SLACK_BOT_TOKEN": secret}, "slack.mode", "neither SLACK_APP_TOKEN"},
		{"tokens swapped", "", map[string]string{"SLACK_BOT_TOKEN": "xapp-" + secret, "SLACK_APP_TOKEN": secret}, "slack.bot_token_env", "starts with xoxb-"},
		{"env bad duration", "", map[string]string{"STANCEBOT_LIMITS_USER_COOLDOWN": "soon"}, "limits.user_cooldown", `want a duration such as "10s"`},
		{"env bad int", "", map[string]string{"STANCEBOT_LIMITS_CHANNEL_PER_MINUTE": "many"}, "limits.channel_per_minute", "want an integer"},
		{"env bad bool", "", map[string]string{"STANCEBOT_DIGEST_ENABLED": "maybe"}, "digest.enabled", "want true or false"},
		{"env bad mode", "", map[string]string{"STANCEBOT_SLACK_MODE": "rtm"}, "slack.mode", "not one of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			if tt.file != "" {
				path = writeFile(t, tt.file)
			}
			c, err := Load(path, envMap(tt.env))
			if err == nil {
				t.Fatalf("no error; config %+v", c)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *config.Error", err, err)
			}
			if ce.Key != tt.key {
				t.Errorf("key %q, want %q (error: %v)", ce.Key, tt.key, err)
			}
			if !strings.Contains(ce.Problem, tt.problem) {
				t.Errorf("problem %q does not contain %q", ce.Problem, tt.problem)
			}
			if !strings.Contains(err.Error(), tt.key) {
				t.Errorf("message %q does not name the key %q", err, tt.key)
			}
			if strings.Contains(err.Error(), "very-secret") {
				t.Errorf("message reveals a secret: %v", err)
			}
			switch {
			case ce.Source == "" || ce.Source == sourceDefault:
			case strings.HasPrefix(ce.Source, "env "):
				if _, ok := tt.env[strings.TrimPrefix(ce.Source, "env ")]; !ok {
					t.Errorf("source %q is not a variable of the test", ce.Source)
				}
			case ce.Source != path:
				t.Errorf("source %q, want the file %q", ce.Source, path)
			}
			if ce.Source != "" && ce.Source != sourceDefault && !strings.HasPrefix(err.Error(), ce.Source+": ") {
				t.Errorf("message %q does not start with its source %q", err, ce.Source)
			}
		})
	}
}

func TestAllErrorsReported(t *testing.T) {
	path := writeFile(t, "[http]\nlisten = 1\nshutdown_timeout = \"x\"\n[log]\nlevel = \"loud\"\n")
	_, err := Load(path, envMap(nil))
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
	_, err := Load(path, envMap(nil))
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("error %v: want the file and line 2", err)
	}
}

func TestSecretsNeverPrinted(t *testing.T) {
	const token = "xoxb-1234-must-not-leak"
	c, err := Load("", envMap(map[string]string{"SLACK_BOT_TOKEN": token, "SLACK_APP_TOKEN": "xapp-9-must-not-leak"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Slack.BotToken.Value() != token {
		t.Fatalf("Value() = %q", c.Slack.BotToken.Value())
	}
	js, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "slack", c.Slack, "token", c.Slack.BotToken)
	var settings strings.Builder
	for _, s := range c.Settings() {
		fmt.Fprintln(&settings, s.Key, s.Value, s.Source)
	}
	for name, out := range map[string]string{
		"%v": fmt.Sprintf("%v", c), "%+v": fmt.Sprintf("%+v", c), "%#v": fmt.Sprintf("%#v", c),
		"%s token": fmt.Sprintf("%s", c.Slack.BotToken), "json": string(js),
		"slog": logged.String(), "settings": settings.String(),
		"secrets": fmt.Sprint(c.Secrets()),
	} {
		if strings.Contains(out, "must-not-leak") {
			t.Errorf("%s reveals a secret: %s", name, out)
		}
	}
	if !strings.Contains(fmt.Sprintf("%v", c.Slack.BotToken), redacted) {
		t.Errorf("a set secret should print as %s", redacted)
	}
}

// FuzzLoad feeds arbitrary documents to the file decoder: it may refuse
// them, never panic, and an accepted one is a valid configuration.
func FuzzLoad(f *testing.F) {
	example, err := os.ReadFile("../config.example.toml")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		string(example), "", "[[discord]]\nmode = \"off\"\n", "[http]\nlisten = {a = 1}\n",
		"[slack]\nadmin_users = [[\"U0AAA\"]]\n", "[digest]\ndefault_time = 1979-05-27T07:32:00Z\n",
		"x.y.z = 1\n", "[limits]\nmax_option_bytes = 1e3\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		c := Defaults()
		c.sources = map[string]string{}
		if err := c.decodeFile("fuzz.toml", doc); err != nil {
			return
		}
		_ = c.validate()
		if c.Source("http.listen") != "fuzz.toml" && c.HTTP.Listen != Defaults().HTTP.Listen {
			t.Errorf("listen changed to %q without being read from the file", c.HTTP.Listen)
		}
	})
}
