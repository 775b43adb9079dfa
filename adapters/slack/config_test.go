package slack

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/config"
	"github.com/stancebot/stancebot/config/configtest"
)

const (
	testBotToken = "xoxb-0000-not-a-real-token"
	testAppToken = "xapp-0000-not-a-real-token"
)

func TestConfigModes(t *testing.T) {
	tests := []struct {
		name string
		file string
		env  map[string]string
		mode string
	}{
		{"nothing set", "", nil, config.ModeOff},
		{"socket", "", map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_APP_TOKEN": testAppToken}, ModeSocket},
		{"http", "", map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": "s"}, config.ModeHTTP},
		{"explicitly off", "[slack]\nmode = \"off\"\n", map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_APP_TOKEN": testAppToken}, config.ModeOff},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, s := configtest.LoadSection(t, tt.file, tt.env, NewConfig)
			if s.Mode != tt.mode || s.CurrentMode() != tt.mode {
				t.Errorf("mode %s, want %s", s.Mode, tt.mode)
			}
			if c.AnyPlatform() != (tt.mode != config.ModeOff) {
				t.Errorf("AnyPlatform %t with mode %s", c.AnyPlatform(), tt.mode)
			}
		})
	}
}

func TestConfigEnvOverridesFile(t *testing.T) {
	c, s := configtest.LoadSection(t, "[slack]\nadmin_users = [\"U0FILE\"]\nmode = \"off\"\n",
		map[string]string{"STANCEBOT_SLACK_ADMIN_USERS": " U0AAA, W0BBB ,"}, NewConfig)
	if got := strings.Join(s.AdminUsers, "|"); got != "U0AAA|W0BBB" {
		t.Errorf("admins %q, want U0AAA|W0BBB", got)
	}
	if src := c.Source("slack.admin_users"); src != "env STANCEBOT_SLACK_ADMIN_USERS" {
		t.Errorf("admins from %q", src)
	}
	if src := c.Source("slack.mode"); !strings.HasSuffix(src, "stancebot.toml") {
		t.Errorf("mode from %q, want the file", src)
	}
}

func TestConfigHelp(t *testing.T) {
	c, _ := configtest.LoadSection(t, "", nil, NewConfig)
	help := c.PlatformHelp()
	for _, want := range []string{"Slack Socket Mode:   SLACK_BOT_TOKEN and SLACK_APP_TOKEN", "Slack HTTP:          SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
}

func TestConfigSecretsNeverPrinted(t *testing.T) {
	const token = "xoxb-1234-must-not-leak"
	c, s := configtest.LoadSection(t, "", map[string]string{"SLACK_BOT_TOKEN": token, "SLACK_APP_TOKEN": "xapp-9-must-not-leak"}, NewConfig)
	if s.BotToken.Value() != token {
		t.Fatalf("Value() = %q", s.BotToken.Value())
	}
	js, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "slack", s, "token", s.BotToken)
	var settings strings.Builder
	for _, st := range c.Settings() {
		fmt.Fprintln(&settings, st.Key, st.Value, st.Source)
	}
	for name, out := range map[string]string{
		"%v": fmt.Sprintf("%v", s), "%+v": fmt.Sprintf("%+v", s), "%#v": fmt.Sprintf("%#v", s),
		"%s token": fmt.Sprintf("%s", s.BotToken), "json": string(js),
		"slog": logged.String(), "settings": settings.String(),
		"secrets": fmt.Sprint(c.Secrets()),
	} {
		if strings.Contains(out, "must-not-leak") {
			t.Errorf("%s reveals a secret: %s", name, out)
		}
	}
	if !strings.Contains(fmt.Sprintf("%v", s.BotToken), "[redacted]") {
		t.Errorf("a set secret should print as [redacted]")
	}
}

func TestConfigErrors(t *testing.T) {
	const secret = "xoxb-very-secret-value"
	configtest.Errors(t, []configtest.ErrorCase{
		{Name: "wrong type list", File: "[slack]\nadmin_users = \"U0AAA\"\n", Key: "slack.admin_users", Problem: "want an array of strings"},
		{Name: "wrong list element", File: "[slack]\nadmin_users = [\"U0AAA\", 3]\n", Key: "slack.admin_users", Problem: "element 1"},
		{Name: "bad slack mode", File: "[slack]\nmode = \"gateway\"\n", Key: "slack.mode", Problem: "is not one of auto, socket, http, off"},
		{Name: "bad admin id", File: "[slack]\nadmin_users = [\"alice\"]\n", Key: "slack.admin_users", Problem: "not a Slack user id"},
		{Name: "slack secret in file", File: "[slack]\nsigning_secret = \"" + secret + "\"\n", Key: "slack.signing_secret", Problem: "slack.signing_secret_env"},
		{Name: "secret pasted into an _env key", File: "[slack]\nbot_token_env = \"" + secret + "\"\n", Key: "slack.bot_token_env", Problem: "not an environment variable name"},
		{Name: "socket without app token", File: "[slack]\nmode = \"socket\"\n", Env: map[string]string{"SLACK_BOT_TOKEN": secret}, Key: "slack.mode", Problem: "socket mode needs SLACK_APP_TOKEN"},
		{Name: "slack http without bot token", File: "[slack]\nmode = \"http\"\n", Env: map[string]string{"SLACK_SIGNING_SECRET": secret}, Key: "slack.mode", Problem: "http mode needs SLACK_BOT_TOKEN"},
		{Name: "slack bot token alone", File: "", Env: map[string]string{"SLACK_BOT_TOKEN": secret}, Key: "slack.mode", Problem: "neither SLACK_APP_TOKEN"},
		{Name: "tokens swapped", File: "", Env: map[string]string{"SLACK_BOT_TOKEN": "xapp-" + secret, "SLACK_APP_TOKEN": secret}, Key: "slack.bot_token_env", Problem: "starts with xoxb-"},
		{Name: "env bad mode", File: "", Env: map[string]string{"STANCEBOT_SLACK_MODE": "rtm"}, Key: "slack.mode", Problem: "not one of"},
		{Name: "bad api url", File: "[slack]\napi_url = \"ftp://proxy.example/\"\n", Key: "slack.api_url", Problem: "not an http(s) URL"},
	}, func() []config.Section { return []config.Section{NewConfig()} })
}
