package config

import (
	"errors"
	"fmt"
	"strings"
)

// resolve reads the secrets from the environment and turns ModeAuto into the
// mode they allow (or off), checking that an explicit mode has its secrets.
func (c *Config) resolve(env LookupEnv) error {
	get := func(name string) Secret {
		v, _ := env(name)
		return Secret{value: strings.TrimSpace(v)}
	}
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, &Error{Key: key, Source: c.Source(key), Problem: fmt.Sprintf(format, args...)})
	}

	d := &c.Discord
	d.Token, d.PublicKey = get(d.TokenEnv), get(d.PublicKeyEnv)
	if d.AppID == "" {
		d.AppID = get(d.AppIDEnv).Value()
		if d.AppID != "" {
			c.sources["discord.app_id"] = "env " + d.AppIDEnv
		}
		if d.AppID != "" && !snowflakeRE.MatchString(d.AppID) {
			bad("discord.app_id_env", "the value of %s is not a Discord application id (digits only)", d.AppIDEnv)
		}
	}
	if d.Mode == ModeAuto {
		c.resolvedAuto = append(c.resolvedAuto, "discord.mode")
		switch {
		case d.Token.IsSet():
			d.Mode = ModeGateway
		case d.PublicKey.IsSet():
			d.Mode = ModeHTTP
		default:
			d.Mode = ModeOff
		}
	}
	var missing []string
	switch d.Mode {
	case ModeGateway:
		missing = unset(missing, d.TokenEnv, d.Token.IsSet())
	case ModeHTTP:
		missing = unset(missing, d.PublicKeyEnv, d.PublicKey.IsSet())
		if d.PublicKey.IsSet() && !ed25519HexRE.MatchString(d.PublicKey.Value()) {
			bad("discord.public_key_env", "the value of %s is not a public key (64 hexadecimal digits, from the Developer Portal)", d.PublicKeyEnv)
		}
	}
	if len(missing) > 0 {
		bad("discord.mode", "%s mode needs %s set in the environment", d.Mode, strings.Join(missing, " and "))
	}
	if d.Mode != ModeOff && d.AppID == "" {
		bad("discord.app_id", "%s mode needs the application id: set %s in the environment or discord.app_id", d.Mode, d.AppIDEnv)
	}

	s := &c.Slack
	s.BotToken, s.AppToken, s.SigningSecret = get(s.BotTokenEnv), get(s.AppTokenEnv), get(s.SigningSecretEnv)
	if s.Mode == ModeAuto {
		c.resolvedAuto = append(c.resolvedAuto, "slack.mode")
		switch {
		case s.AppToken.IsSet():
			s.Mode = ModeSocket
		case s.SigningSecret.IsSet():
			s.Mode = ModeHTTP
		case s.BotToken.IsSet():
			bad("slack.mode", "%s is set but neither %s (Socket Mode) nor %s (HTTP) is", s.BotTokenEnv, s.AppTokenEnv, s.SigningSecretEnv)
		default:
			s.Mode = ModeOff
		}
	}
	missing = nil
	switch s.Mode {
	case ModeSocket:
		missing = unset(missing, s.BotTokenEnv, s.BotToken.IsSet())
		missing = unset(missing, s.AppTokenEnv, s.AppToken.IsSet())
	case ModeHTTP:
		missing = unset(missing, s.BotTokenEnv, s.BotToken.IsSet())
		missing = unset(missing, s.SigningSecretEnv, s.SigningSecret.IsSet())
	}
	if len(missing) > 0 {
		bad("slack.mode", "%s mode needs %s set in the environment", s.Mode, strings.Join(missing, " and "))
	}
	if s.BotToken.IsSet() && !strings.HasPrefix(s.BotToken.Value(), "xoxb-") {
		bad("slack.bot_token_env", "the value of %s is not a bot token (it starts with xoxb-)", s.BotTokenEnv)
	}
	if s.AppToken.IsSet() && !strings.HasPrefix(s.AppToken.Value(), "xapp-") {
		bad("slack.app_token_env", "the value of %s is not an app-level token (it starts with xapp-)", s.AppTokenEnv)
	}
	return errors.Join(errs...)
}

// unset appends name to missing unless the variable is set.
func unset(missing []string, name string, isSet bool) []string {
	if isSet {
		return missing
	}
	return append(missing, name)
}

// PlatformHelp explains which environment variables enable a platform, for
// `serve` to print when none is configured.
func (c *Config) PlatformHelp() string {
	d, s := c.Discord, c.Slack
	var b strings.Builder
	b.WriteString("no platform is configured: set the environment variables of at least one\n")
	fmt.Fprintf(&b, "  Discord gateway:     %s and %s\n", d.TokenEnv, d.AppIDEnv)
	fmt.Fprintf(&b, "  Discord HTTP:        %s and %s (with %s too, for digests, set [discord] mode = \"http\")\n", d.PublicKeyEnv, d.AppIDEnv, d.TokenEnv)
	fmt.Fprintf(&b, "  Slack Socket Mode:   %s and %s\n", s.BotTokenEnv, s.AppTokenEnv)
	fmt.Fprintf(&b, "  Slack HTTP:          %s and %s\n", s.BotTokenEnv, s.SigningSecretEnv)
	b.WriteString("(try the bot without a platform with `stancebot console`)\n")
	return b.String()
}
