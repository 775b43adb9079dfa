package config

import (
	"fmt"
	"strings"
)

// Section is one platform's section of the file ([discord], [slack]). The
// platform's package declares it (its fields, defaults, validation and
// secrets) and serve's platform registry hands it to Load, so a new platform
// adds its section without a change to this package.
type Section interface {
	// Name is the section's name in the file and in its STANCEBOT_<NAME>_*
	// variables: "discord".
	Name() string
	// Fields binds each key of the section to its field, in the order of
	// config.example.toml.
	Fields() []Field
	// Validate checks each value on its own, after the file and the
	// environment were applied, reporting every problem to k.
	Validate(k *Check)
	// Resolve reads the section's secrets from env and turns ModeAuto into
	// the mode they allow, reporting every problem to k.
	Resolve(env LookupEnv, k *Check)
	// CurrentMode is the platform's mode (after Load, never ModeAuto);
	// ModeOff: not served.
	CurrentMode() string
	// Secrets says, for each secret, whether its variable is set.
	Secrets() []SecretState
	// Help says which variables turn the platform on in each of its modes.
	Help() []ModeHelp
}

// Field binds one key of a section ("mode") to its field: a *string, *int,
// *bool, *time.Duration or *[]string.
type Field struct {
	Key string
	Ptr any
}

// ModeHelp says what one mode of a platform needs, for PlatformHelp.
type ModeHelp struct {
	Mode  string // "Discord gateway"
	Needs string // "DISCORD_TOKEN and DISCORD_APP_ID"
}

// Check collects the problems found in one section, each reported with the
// source of its setting, and records what resolving changed.
type Check struct {
	c       *Config
	section string // "": keys are whole ("http.listen")
	errs    []error
}

// checkPlatforms runs check on each platform section with a Check of the
// section's own and returns every problem reported, in order.
func (c *Config) checkPlatforms(check func(p Section, k *Check)) []error {
	var errs []error
	for _, p := range c.platforms {
		k := &Check{c: c, section: p.Name()}
		check(p, k)
		errs = append(errs, k.errs...)
	}
	return errs
}

// key returns the whole key of a key of the checked section.
func (k *Check) key(key string) string {
	if k.section == "" {
		return key
	}
	return k.section + "." + key
}

// Bad reports a problem with the setting key.
func (k *Check) Bad(key, format string, args ...any) {
	key = k.key(key)
	k.errs = append(k.errs, &Error{Key: key, Source: k.c.Source(key), Problem: fmt.Sprintf(format, args...)})
}

// OneOf reports the setting key unless its value v is one of allowed.
func (k *Check) OneOf(key, v string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	k.Bad(key, "%q is not one of %s", v, strings.Join(allowed, ", "))
}

// Need reports, on the setting key, that mode needs every secret of vars
// whose variable is unset.
func (k *Check) Need(key, mode string, vars ...SecretState) {
	var missing []string
	for _, v := range vars {
		if !v.Set {
			missing = append(missing, v.Env)
		}
	}
	if len(missing) > 0 {
		k.Bad(key, "%s mode needs %s set in the environment", mode, strings.Join(missing, " and "))
	}
}

// SetFrom records that the setting key took its value from source, such as
// "env DISCORD_APP_ID".
func (k *Check) SetFrom(key, source string) { k.c.sources[k.key(key)] = source }

// ResolvedAuto records that the setting key was resolved from ModeAuto.
func (k *Check) ResolvedAuto(key string) {
	k.c.resolvedAuto = append(k.c.resolvedAuto, k.key(key))
}

// Secret reads the secret held by the environment variable name.
func (env LookupEnv) Secret(name string) Secret {
	v, _ := env(name)
	return Secret{value: strings.TrimSpace(v)}
}

// MapEnv is a LookupEnv over a map, for tests and previews.
func MapEnv(m map[string]string) LookupEnv {
	return func(name string) (string, bool) { v, ok := m[name]; return v, ok }
}
