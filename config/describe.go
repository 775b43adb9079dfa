package config

import "slices"

// Setting is one effective setting, for display by `stancebot config check`.
type Setting struct {
	Key    string // "http.listen"
	Value  string // in TOML syntax: "\"127.0.0.1:8080\"", "30", "[]"
	Source string // "default", the file's path or "env STANCEBOT_HTTP_LISTEN"
	// Auto is set on a platform mode resolved from "auto" by the secrets set.
	Auto bool
}

// Settings returns every setting with its effective value and source, in the
// order of config.example.toml, then each [[source]]. Platform modes show
// their resolved value.
func (c *Config) Settings() []Setting {
	var out []Setting
	for _, s := range c.settings() {
		out = append(out, Setting{Key: s.key, Value: s.format(), Source: c.Source(s.key), Auto: slices.Contains(c.resolvedAuto, s.key)})
	}
	return append(out, c.sourceSettings(c.file)...)
}

// SecretState says whether one secret's environment variable is set.
type SecretState struct {
	Env string // the variable's name
	Set bool
}

// Secrets reports, for each secret of each platform, whether its variable is
// set. It never returns a secret's value.
func (c *Config) Secrets() []SecretState {
	var out []SecretState
	for _, p := range c.platforms {
		out = append(out, p.Secrets()...)
	}
	return out
}
