package slack

import (
	"regexp"
	"strings"

	"github.com/stancebot/stancebot/config"
)

// ModeSocket is Socket Mode (app-level token); config.ModeHTTP is the Events
// and interactivity endpoints.
const ModeSocket = "socket"

var userIDRE = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

// Config is the [slack] section of serve's configuration.
type Config struct {
	Mode             string   // auto, socket, http or off
	AdminUsers       []string // user ids allowed to manage digests besides workspace admins
	APIURL           string   // Web API base URL in place of Slack's (GovSlack's domain); "": Slack's
	BotTokenEnv      string   // names the variable holding the bot token (xoxb-)
	AppTokenEnv      string   // names the variable holding the app-level token (xapp-)
	SigningSecretEnv string   // names the variable holding the signing secret

	BotToken      config.Secret // from BotTokenEnv
	AppToken      config.Secret // from AppTokenEnv
	SigningSecret config.Secret // from SigningSecretEnv
}

// NewConfig returns the [slack] section with its defaults: mode auto, no
// secret read yet.
func NewConfig() *Config {
	return &Config{
		Mode:             config.ModeAuto,
		AdminUsers:       []string{},
		BotTokenEnv:      "SLACK_BOT_TOKEN",
		AppTokenEnv:      "SLACK_APP_TOKEN",
		SigningSecretEnv: "SLACK_SIGNING_SECRET",
	}
}

// Name implements config.Section.
func (c *Config) Name() string { return "slack" }

// Fields implements config.Section.
func (c *Config) Fields() []config.Field {
	return []config.Field{
		{Key: "mode", Ptr: &c.Mode},
		{Key: "admin_users", Ptr: &c.AdminUsers},
		{Key: "api_url", Ptr: &c.APIURL},
		{Key: "bot_token_env", Ptr: &c.BotTokenEnv},
		{Key: "app_token_env", Ptr: &c.AppTokenEnv},
		{Key: "signing_secret_env", Ptr: &c.SigningSecretEnv},
	}
}

// Validate implements config.Section.
func (c *Config) Validate(k *config.Check) {
	k.OneOf("mode", c.Mode, config.ModeAuto, ModeSocket, config.ModeHTTP, config.ModeOff)
	if err := config.CheckAPIURL(c.APIURL); err != nil {
		k.Bad("api_url", "%v", err)
	}
	for i, u := range c.AdminUsers {
		if !userIDRE.MatchString(u) {
			k.Bad("admin_users", "element %d: %q is not a Slack user id (like U012AB3CD)", i, u)
		}
	}
}

// Resolve implements config.Section: the app-level token makes auto Socket
// Mode, the signing secret HTTP mode; both need the bot token.
func (c *Config) Resolve(env config.LookupEnv, k *config.Check) {
	c.BotToken, c.AppToken, c.SigningSecret = env.Secret(c.BotTokenEnv), env.Secret(c.AppTokenEnv), env.Secret(c.SigningSecretEnv)
	if c.Mode == config.ModeAuto {
		k.ResolvedAuto("mode")
		switch {
		case c.AppToken.IsSet():
			c.Mode = ModeSocket
		case c.SigningSecret.IsSet():
			c.Mode = config.ModeHTTP
		case c.BotToken.IsSet():
			k.Bad("mode", "%s is set but neither %s (Socket Mode) nor %s (HTTP) is", c.BotTokenEnv, c.AppTokenEnv, c.SigningSecretEnv)
		default:
			c.Mode = config.ModeOff
		}
	}
	secrets := c.Secrets()
	bot, app, signing := secrets[0], secrets[1], secrets[2]
	switch c.Mode {
	case ModeSocket:
		k.Need("mode", c.Mode, bot, app)
	case config.ModeHTTP:
		k.Need("mode", c.Mode, bot, signing)
	}
	if c.BotToken.IsSet() && !strings.HasPrefix(c.BotToken.Value(), "xoxb-") {
		k.Bad("bot_token_env", "the value of %s is not a bot token (it starts with xoxb-)", c.BotTokenEnv)
	}
	if c.AppToken.IsSet() && !strings.HasPrefix(c.AppToken.Value(), "xapp-") {
		k.Bad("app_token_env", "the value of %s is not an app-level token (it starts with xapp-)", c.AppTokenEnv)
	}
}

// CurrentMode implements config.Section.
func (c *Config) CurrentMode() string { return c.Mode }

// Secrets implements config.Section: the bot token, the app-level token and
// the signing secret, in that order.
func (c *Config) Secrets() []config.SecretState {
	return []config.SecretState{
		{Env: c.BotTokenEnv, Set: c.BotToken.IsSet()},
		{Env: c.AppTokenEnv, Set: c.AppToken.IsSet()},
		{Env: c.SigningSecretEnv, Set: c.SigningSecret.IsSet()},
	}
}

// Help implements config.Section.
func (c *Config) Help() []config.ModeHelp {
	return []config.ModeHelp{
		{Mode: "Slack Socket Mode", Needs: c.BotTokenEnv + " and " + c.AppTokenEnv},
		{Mode: "Slack HTTP", Needs: c.BotTokenEnv + " and " + c.SigningSecretEnv},
	}
}
