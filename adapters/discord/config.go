package discord

import (
	"regexp"

	"github.com/stancebot/stancebot/config"
)

// ModeGateway is the gateway websocket mode (bot token); config.ModeHTTP is
// the HTTP interactions endpoint.
const ModeGateway = "gateway"

var (
	snowflakeRE  = regexp.MustCompile(`^[0-9]{1,20}$`)
	ed25519HexRE = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)
)

// Config is the [discord] section of serve's configuration.
type Config struct {
	Mode             string // auto, gateway, http or off
	AppID            string // the application id; empty: read from AppIDEnv
	GuildID          string // register commands in this guild only (development)
	InteractionsPath string // where HTTP mode's interactions endpoint is mounted
	APIURL           string // REST base URL in place of Discord's (a rate-limit proxy); "": Discord's
	TokenEnv         string // names the variable holding the bot token
	PublicKeyEnv     string // names the variable holding the application's public key
	AppIDEnv         string // names the variable holding the application id

	ModeratorRoles []string // role ids whose members moderate like holders of Manage Channels

	Token     config.Secret // from TokenEnv
	PublicKey config.Secret // from PublicKeyEnv
}

// NewConfig returns the [discord] section with its defaults: mode auto, no
// secret read yet.
func NewConfig() *Config {
	return &Config{
		Mode:             config.ModeAuto,
		InteractionsPath: "/discord/interactions",
		ModeratorRoles:   []string{},
		TokenEnv:         "DISCORD_TOKEN",
		PublicKeyEnv:     "DISCORD_PUBLIC_KEY",
		AppIDEnv:         "DISCORD_APP_ID",
	}
}

// Name implements config.Section.
func (c *Config) Name() string { return "discord" }

// Fields implements config.Section.
func (c *Config) Fields() []config.Field {
	return []config.Field{
		{Key: "mode", Ptr: &c.Mode},
		{Key: "app_id", Ptr: &c.AppID},
		{Key: "guild_id", Ptr: &c.GuildID},
		{Key: "moderator_roles", Ptr: &c.ModeratorRoles},
		{Key: "interactions_path", Ptr: &c.InteractionsPath},
		{Key: "api_url", Ptr: &c.APIURL},
		{Key: "token_env", Ptr: &c.TokenEnv},
		{Key: "public_key_env", Ptr: &c.PublicKeyEnv},
		{Key: "app_id_env", Ptr: &c.AppIDEnv},
	}
}

// Validate implements config.Section.
func (c *Config) Validate(k *config.Check) {
	k.OneOf("mode", c.Mode, config.ModeAuto, ModeGateway, config.ModeHTTP, config.ModeOff)
	if c.AppID != "" && !snowflakeRE.MatchString(c.AppID) {
		k.Bad("app_id", "%q is not a Discord id (digits only)", c.AppID)
	}
	if c.GuildID != "" && !snowflakeRE.MatchString(c.GuildID) {
		k.Bad("guild_id", "%q is not a Discord id (digits only)", c.GuildID)
	}
	for i, r := range c.ModeratorRoles {
		if !snowflakeRE.MatchString(r) {
			k.Bad("moderator_roles", "element %d: %q is not a Discord role id (digits only)", i, r)
		}
	}
	if err := config.CheckPath(c.InteractionsPath); err != nil {
		k.Bad("interactions_path", "%v", err)
	}
	if err := config.CheckAPIURL(c.APIURL); err != nil {
		k.Bad("api_url", "%v", err)
	}
}

// Resolve implements config.Section: the token makes auto the gateway mode,
// the public key alone HTTP mode; the application id comes from AppIDEnv
// when the file gives none.
func (c *Config) Resolve(env config.LookupEnv, k *config.Check) {
	c.Token, c.PublicKey = env.Secret(c.TokenEnv), env.Secret(c.PublicKeyEnv)
	if c.AppID == "" {
		c.AppID = env.Secret(c.AppIDEnv).Value()
		if c.AppID != "" {
			k.SetFrom("app_id", "env "+c.AppIDEnv)
			if !snowflakeRE.MatchString(c.AppID) {
				k.Bad("app_id_env", "the value of %s is not a Discord application id (digits only)", c.AppIDEnv)
			}
		}
	}
	if c.Mode == config.ModeAuto {
		k.ResolvedAuto("mode")
		switch {
		case c.Token.IsSet():
			c.Mode = ModeGateway
		case c.PublicKey.IsSet():
			c.Mode = config.ModeHTTP
		default:
			c.Mode = config.ModeOff
		}
	}
	switch c.Mode {
	case ModeGateway:
		k.Need("mode", c.Mode, config.SecretState{Env: c.TokenEnv, Set: c.Token.IsSet()})
	case config.ModeHTTP:
		k.Need("mode", c.Mode, config.SecretState{Env: c.PublicKeyEnv, Set: c.PublicKey.IsSet()})
		if c.PublicKey.IsSet() && !ed25519HexRE.MatchString(c.PublicKey.Value()) {
			k.Bad("public_key_env", "the value of %s is not a public key (64 hexadecimal digits, from the Developer Portal)", c.PublicKeyEnv)
		}
	}
	if c.Mode != config.ModeOff && c.AppID == "" {
		k.Bad("app_id", "%s mode needs the application id: set %s in the environment or discord.app_id", c.Mode, c.AppIDEnv)
	}
}

// CurrentMode implements config.Section.
func (c *Config) CurrentMode() string { return c.Mode }

// Secrets implements config.Section: the token, then the public key.
func (c *Config) Secrets() []config.SecretState {
	return []config.SecretState{
		{Env: c.TokenEnv, Set: c.Token.IsSet()},
		{Env: c.PublicKeyEnv, Set: c.PublicKey.IsSet()},
	}
}

// Help implements config.Section.
func (c *Config) Help() []config.ModeHelp {
	return []config.ModeHelp{
		{Mode: "Discord gateway", Needs: c.TokenEnv + " and " + c.AppIDEnv},
		{Mode: "Discord HTTP", Needs: c.PublicKeyEnv + " and " + c.AppIDEnv + " (with " + c.TokenEnv + ` too, for digests, set [discord] mode = "http")`},
	}
}
