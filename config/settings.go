package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// setting binds one key of the file ("http.listen") to its field. ptr is a
// *string, *int, *bool, *time.Duration or *[]string.
type setting struct {
	key string
	ptr any
}

// settings lists every setting of c, in the order of config.example.toml.
func (c *Config) settings() []setting {
	return []setting{
		{"data.dir", &c.Data.Dir},
		{"log.format", &c.Log.Format},
		{"log.level", &c.Log.Level},
		{"http.listen", &c.HTTP.Listen},
		{"http.shutdown_timeout", &c.HTTP.ShutdownTimeout},
		{"discord.mode", &c.Discord.Mode},
		{"discord.app_id", &c.Discord.AppID},
		{"discord.guild_id", &c.Discord.GuildID},
		{"discord.interactions_path", &c.Discord.InteractionsPath},
		{"discord.api_url", &c.Discord.APIURL},
		{"discord.token_env", &c.Discord.TokenEnv},
		{"discord.public_key_env", &c.Discord.PublicKeyEnv},
		{"discord.app_id_env", &c.Discord.AppIDEnv},
		{"slack.mode", &c.Slack.Mode},
		{"slack.admin_users", &c.Slack.AdminUsers},
		{"slack.api_url", &c.Slack.APIURL},
		{"slack.bot_token_env", &c.Slack.BotTokenEnv},
		{"slack.app_token_env", &c.Slack.AppTokenEnv},
		{"slack.signing_secret_env", &c.Slack.SigningSecretEnv},
		{"digest.enabled", &c.Digest.Enabled},
		{"digest.default_time", &c.Digest.DefaultTime},
		{"digest.default_zone", &c.Digest.DefaultZone},
		{"limits.user_cooldown", &c.Limits.UserCooldown},
		{"limits.channel_per_minute", &c.Limits.ChannelPerMinute},
		{"limits.max_option_bytes", &c.Limits.MaxOptionBytes},
		{"limits.proposals_per_day", &c.Limits.ProposalsPerDay},
	}
}

// EnvName returns the environment variable that overrides the setting with
// the given key: "http.shutdown_timeout" -> "STANCEBOT_HTTP_SHUTDOWN_TIMEOUT".
func EnvName(key string) string {
	return "STANCEBOT_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// Keys returns the key of every setting, in the order of config.example.toml.
func Keys() []string {
	var c Config
	var keys []string
	for _, s := range c.settings() {
		keys = append(keys, s.key)
	}
	return keys
}

// setTOML stores a value decoded from the file into the setting.
func (s setting) setTOML(v any) error {
	switch p := s.ptr.(type) {
	case *string:
		str, ok := v.(string)
		if !ok {
			return fmt.Errorf("want a string, got %s", tomlType(v))
		}
		*p = str
	case *int:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("want an integer, got %s", tomlType(v))
		}
		*p = int(n)
	case *bool:
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("want true or false, got %s", tomlType(v))
		}
		*p = b
	case *time.Duration:
		str, ok := v.(string)
		if !ok {
			return fmt.Errorf(`want a duration string such as "10s" or "1m30s", got %s`, tomlType(v))
		}
		return s.setString(str)
	case *[]string:
		list, ok := v.([]any)
		if !ok {
			return fmt.Errorf("want an array of strings, got %s", tomlType(v))
		}
		out := make([]string, 0, len(list))
		for i, e := range list {
			str, ok := e.(string)
			if !ok {
				return fmt.Errorf("element %d: want a string, got %s", i, tomlType(e))
			}
			out = append(out, str)
		}
		*p = out
	default:
		return fmt.Errorf("unsupported setting type %T", s.ptr)
	}
	return nil
}

// setString stores a value given as text (an environment variable) into the setting.
func (s setting) setString(v string) error {
	switch p := s.ptr.(type) {
	case *string:
		*p = v
	case *int:
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("want an integer, got %q", v)
		}
		*p = n
	case *bool:
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("want true or false, got %q", v)
		}
		*p = b
	case *time.Duration:
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf(`want a duration such as "10s" or "1m30s", got %q`, v)
		}
		*p = d
	case *[]string:
		out := []string{}
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
		*p = out
	default:
		return fmt.Errorf("unsupported setting type %T", s.ptr)
	}
	return nil
}

// format returns the setting's current value as text, for `config check`.
func (s setting) format() string {
	switch p := s.ptr.(type) {
	case *string:
		return strconv.Quote(*p)
	case *int:
		return strconv.Itoa(*p)
	case *bool:
		return strconv.FormatBool(*p)
	case *time.Duration:
		return strconv.Quote(p.String())
	case *[]string:
		q := make([]string, len(*p))
		for i, e := range *p {
			q[i] = strconv.Quote(e)
		}
		return "[" + strings.Join(q, ", ") + "]"
	default:
		return fmt.Sprintf("%v", s.ptr)
	}
}

// tomlType names the TOML type of a decoded value, for error messages.
func tomlType(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("string %q", v)
	case int64:
		return fmt.Sprintf("integer %d", v)
	case float64:
		return fmt.Sprintf("float %v", v)
	case bool:
		return fmt.Sprintf("boolean %t", v)
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	default:
		return "a date or time"
	}
}
