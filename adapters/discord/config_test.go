package discord

import (
	"strings"
	"testing"

	"github.com/stancebot/stancebot/config"
	"github.com/stancebot/stancebot/config/configtest"
)

const testPublicKey = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

func TestConfigModes(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		env       map[string]string
		mode      string
		wantAppID string
	}{
		{"nothing set", "", nil, config.ModeOff, ""},
		{"token", "", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_APP_ID": "42"}, ModeGateway, "42"},
		{"public key", "", map[string]string{"DISCORD_PUBLIC_KEY": testPublicKey, "DISCORD_APP_ID": "42"}, config.ModeHTTP, "42"},
		{"token and key, http chosen", "[discord]\nmode = \"http\"\n",
			map[string]string{"DISCORD_TOKEN": "t", "DISCORD_PUBLIC_KEY": testPublicKey, "DISCORD_APP_ID": "42"}, config.ModeHTTP, "42"},
		{"app id from the file wins", "[discord]\napp_id = \"7\"\n", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_APP_ID": "42"}, ModeGateway, "7"},
		{"renamed variable", "[discord]\ntoken_env = \"MY_DISCORD\"\n", map[string]string{"MY_DISCORD": "t", "DISCORD_APP_ID": "42"}, ModeGateway, "42"},
		{"explicitly off", "[discord]\nmode = \"off\"\n", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_APP_ID": "42"}, config.ModeOff, "42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, d := configtest.LoadSection(t, tt.file, tt.env, NewConfig)
			if d.Mode != tt.mode || d.CurrentMode() != tt.mode {
				t.Errorf("mode %s, want %s", d.Mode, tt.mode)
			}
			if d.AppID != tt.wantAppID {
				t.Errorf("app id %q, want %q", d.AppID, tt.wantAppID)
			}
			if c.AnyPlatform() != (tt.mode != config.ModeOff) {
				t.Errorf("AnyPlatform %t with mode %s", c.AnyPlatform(), tt.mode)
			}
		})
	}
}

func TestConfigSources(t *testing.T) {
	c, _ := configtest.LoadSection(t, "", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_APP_ID": "42"}, NewConfig)
	got := map[string]config.Setting{}
	for _, s := range c.Settings() {
		got[s.Key] = s
	}
	checks := []struct {
		key, value, source string
		auto               bool
	}{
		{"discord.mode", `"gateway"`, "default", true},
		{"discord.app_id", `"42"`, "env DISCORD_APP_ID", false},
		{"discord.interactions_path", `"/discord/interactions"`, "default", false},
	}
	for _, ch := range checks {
		s := got[ch.key]
		if s.Value != ch.value || s.Source != ch.source || s.Auto != ch.auto {
			t.Errorf("%s: %+v, want value %s from %s, auto %t", ch.key, s, ch.value, ch.source, ch.auto)
		}
	}
	want := []config.SecretState{{Env: "DISCORD_TOKEN", Set: true}, {Env: "DISCORD_PUBLIC_KEY", Set: false}}
	if s := c.Secrets(); len(s) != 2 || s[0] != want[0] || s[1] != want[1] {
		t.Errorf("secrets %v, want %v", s, want)
	}
}

func TestConfigHelp(t *testing.T) {
	c, _ := configtest.LoadSection(t, "[discord]\ntoken_env = \"MY_TOKEN\"\n", nil, NewConfig)
	help := c.PlatformHelp()
	for _, want := range []string{"Discord gateway:     MY_TOKEN and DISCORD_APP_ID", "Discord HTTP:        DISCORD_PUBLIC_KEY and DISCORD_APP_ID"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	const secret = "xoxb-very-secret-value"
	configtest.Errors(t, []configtest.ErrorCase{
		{Name: "bad discord mode", File: "[discord]\nmode = \"websocket\"\n", Key: "discord.mode", Problem: `"websocket" is not one of auto, gateway, http, off`},
		{Name: "bad moderator role", File: "[discord]\nmoderator_roles = [\"123\", \"mods\"]\n", Key: "discord.moderator_roles", Problem: "element 1"},
		{Name: "bad guild id", File: "[discord]\nguild_id = \"my-guild\"\n", Key: "discord.guild_id", Problem: "not a Discord id"},
		{Name: "bad interactions path", File: "[discord]\ninteractions_path = \"discord\"\n", Key: "discord.interactions_path", Problem: "absolute URL path"},
		{Name: "reserved path", File: "[discord]\ninteractions_path = \"/metrics\"\n", Key: "discord.interactions_path", Problem: "taken by /metrics"},
		{Name: "path with a wildcard", File: "[discord]\ninteractions_path = \"/discord/{id\"\n", Key: "discord.interactions_path", Problem: "absolute URL path"},
		{Name: "secret in file", File: "[discord]\ntoken = \"" + secret + "\"\n", Key: "discord.token", Problem: "only from the environment"},
		{Name: "gateway without token", File: "[discord]\nmode = \"gateway\"\n", Env: map[string]string{"DISCORD_APP_ID": "42"}, Key: "discord.mode", Problem: "gateway mode needs DISCORD_TOKEN"},
		{Name: "gateway without app id", File: "", Env: map[string]string{"DISCORD_TOKEN": secret}, Key: "discord.app_id", Problem: "set DISCORD_APP_ID"},
		{Name: "discord http without key", File: "[discord]\nmode = \"http\"\n", Env: map[string]string{"DISCORD_APP_ID": "42"}, Key: "discord.mode", Problem: "http mode needs DISCORD_PUBLIC_KEY"},
		{Name: "malformed public key", File: "", Env: map[string]string{"DISCORD_PUBLIC_KEY": secret, "DISCORD_APP_ID": "42"}, Key: "discord.public_key_env", Problem: "64 hexadecimal digits"},
		{Name: "malformed app id in env", File: "", Env: map[string]string{"DISCORD_TOKEN": "t", "DISCORD_APP_ID": "abc"}, Key: "discord.app_id_env", Problem: "not a Discord application id"},
		{Name: "bad api url", File: "[discord]\napi_url = \"ftp://proxy.example/\"\n", Key: "discord.api_url", Problem: "not an http(s) URL"},
	}, func() []config.Section { return []config.Section{NewConfig()} })
}

func TestConfigModeratorRoles(t *testing.T) {
	_, d := configtest.LoadSection(t, "[discord]\nmoderator_roles = [\"123456789012345678\", \"42\"]\n", nil, NewConfig)
	if got := strings.Join(d.ModeratorRoles, "|"); got != "123456789012345678|42" {
		t.Errorf("moderator roles %q", got)
	}
	c, d := configtest.LoadSection(t, "[discord]\nmoderator_roles = [\"123456789012345678\"]\n",
		map[string]string{"STANCEBOT_DISCORD_MODERATOR_ROLES": "234567890123456789,345678901234567890"}, NewConfig)
	if got := strings.Join(d.ModeratorRoles, "|"); got != "234567890123456789|345678901234567890" {
		t.Errorf("moderator roles from the environment %q", got)
	}
	if src := c.Source("discord.moderator_roles"); src != "env STANCEBOT_DISCORD_MODERATOR_ROLES" {
		t.Errorf("moderator roles from %q", src)
	}
	if _, d := configtest.LoadSection(t, "", nil, NewConfig); d.ModeratorRoles == nil || len(d.ModeratorRoles) != 0 {
		t.Errorf("default moderator roles %#v, want none", d.ModeratorRoles)
	}
}
