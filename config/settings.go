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

// settings lists every setting of c, in the order of config.example.toml:
// the platform sections come after [http].
func (c *Config) settings() []setting {
	out := []setting{
		{"data.dir", &c.Data.Dir},
		{"log.format", &c.Log.Format},
		{"log.level", &c.Log.Level},
		{"http.listen", &c.HTTP.Listen},
		{"http.shutdown_timeout", &c.HTTP.ShutdownTimeout},
	}
	for _, p := range c.platforms {
		for _, f := range p.Fields() {
			out = append(out, setting{p.Name() + "." + f.Key, f.Ptr})
		}
	}
	return append(out,
		setting{"digest.enabled", &c.Digest.Enabled},
		setting{"digest.default_time", &c.Digest.DefaultTime},
		setting{"digest.default_zone", &c.Digest.DefaultZone},
		setting{"limits.user_cooldown", &c.Limits.UserCooldown},
		setting{"limits.channel_per_minute", &c.Limits.ChannelPerMinute},
		setting{"limits.max_option_bytes", &c.Limits.MaxOptionBytes},
		setting{"limits.proposals_per_day", &c.Limits.ProposalsPerDay},
		setting{"limits.draft_lifetime", &c.Limits.DraftLifetime},
	)
}

// EnvName returns the environment variable that overrides the setting with
// the given key: "http.shutdown_timeout" -> "STANCEBOT_HTTP_SHUTDOWN_TIMEOUT".
func EnvName(key string) string {
	return "STANCEBOT_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
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
