package config

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/BurntSushi/toml"
)

// LookupEnv reads an environment variable; os.LookupEnv is the real one.
type LookupEnv func(name string) (string, bool)

// sourceDefault is the source of a setting neither the file nor the environment set.
const sourceDefault = "default"

// Error is one problem with one setting: its key ("http.listen"), where the
// value came from (a file path, "env STANCEBOT_HTTP_LISTEN", or "" for the
// default) and what is wrong. It never contains a secret.
type Error struct {
	Key     string
	Source  string
	Problem string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Source == "" || e.Source == sourceDefault {
		return e.Key + ": " + e.Problem
	}
	return e.Source + ": " + e.Key + ": " + e.Problem
}

// Load returns the configuration: the defaults, overridden by the TOML file at
// path (none when path is ""), overridden by STANCEBOT_* environment
// variables, validated, with secrets read from the environment and ModeAuto
// resolved. platforms are the platform sections, with their defaults; a
// section of the file that is neither one of them nor a section of this
// package is an error. Every problem found is reported, each as an *Error,
// joined.
func Load(path string, env LookupEnv, platforms ...Section) (*Config, error) {
	c := Defaults()
	c.platforms = platforms
	c.sources = map[string]string{}
	var errs []error
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read config: %w", err)
		}
		if err := c.decodeFile(path, string(data)); err != nil {
			var syntax toml.ParseError
			if errors.As(err, &syntax) {
				return nil, err
			}
			errs = append(errs, err)
		}
	}
	// A value refused by the file or the environment keeps its default, so
	// the remaining checks still report every other problem at once.
	errs = append(errs, c.applyEnv(env), c.validate())
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := c.resolve(env); err != nil {
		return nil, err
	}
	return c, nil
}

// decodeFile applies the TOML document data, read from path.
func (c *Config) decodeFile(path, data string) error {
	var doc map[string]any
	md, err := toml.Decode(data, &doc)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	byKey := map[string]setting{}
	sections := map[string]bool{}
	for _, s := range c.settings() {
		byKey[s.key] = s
		sections[strings.SplitN(s.key, ".", 2)[0]] = true
	}
	var errs []error
	problem := func(key, format string, args ...any) {
		errs = append(errs, &Error{Key: key, Source: path, Problem: fmt.Sprintf(format, args...)})
	}
	c.file = path
	if v, ok := doc["source"]; ok {
		errs = append(errs, c.decodeSources(path, v))
	}
	for _, k := range md.Keys() {
		key := k.String()
		switch {
		case k[0] == "source":
			// [[source]] tables: decodeSources
		case len(k) == 1 && !sections[k[0]]:
			if _, isTable := doc[k[0]].(map[string]any); isTable {
				problem(key, "unknown section (known: %s)", strings.Join(sectionNames(c), ", "))
			} else {
				problem(key, "unknown key: settings belong in a section such as [http]")
			}
		case len(k) == 1:
			if _, isTable := doc[k[0]].(map[string]any); !isTable {
				problem(key, "want a table [%s], got %s", key, tomlType(doc[k[0]]))
			}
		case !sections[k[0]] || len(k) > 2:
			// Reported once, on the unknown section or on the key holding the table.
		default:
			table, isTable := doc[k[0]].(map[string]any)
			if !isTable {
				continue // reported on the section
			}
			s, ok := byKey[key]
			switch {
			case ok:
				if err := s.setTOML(table[k[1]]); err != nil {
					problem(key, "%v", err)
					continue
				}
				c.sources[key] = path
			case looksSecret(k[1]):
				problem(key, "%s", secretInFile(c, k[0], k[1]))
			default:
				problem(key, "unknown key (known in [%s]: %s)", k[0], strings.Join(sectionKeys(c, k[0]), ", "))
			}
		}
	}
	return errors.Join(errs...)
}

// applyEnv applies STANCEBOT_* environment variables.
func (c *Config) applyEnv(env LookupEnv) error {
	var errs []error
	for _, s := range c.settings() {
		name := EnvName(s.key)
		v, ok := env(name)
		if !ok {
			continue
		}
		if err := s.setString(v); err != nil {
			errs = append(errs, &Error{Key: s.key, Source: "env " + name, Problem: err.Error()})
			continue
		}
		c.sources[s.key] = "env " + name
	}
	return errors.Join(errs...)
}

// looksSecret reports whether a key's name suggests it holds a secret.
func looksSecret(name string) bool {
	n := strings.ToLower(name)
	if strings.HasSuffix(n, "_env") {
		return false
	}
	for _, w := range []string{"token", "secret", "password", "passwd", "key"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// secretInFile explains where a secret found in the file belongs.
func secretInFile(c *Config, section, name string) string {
	const rule = "secrets are read only from the environment, never from the file"
	envKey := section + "." + name + "_env"
	for _, s := range c.settings() {
		if s.key == envKey {
			return fmt.Sprintf("%s: remove it and set the environment variable named by %s (%s)",
				rule, envKey, *s.ptr.(*string))
		}
	}
	return rule + ": remove it"
}

// sectionNames lists the known sections, in order.
func sectionNames(c *Config) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range c.settings() {
		sec := strings.SplitN(s.key, ".", 2)[0]
		if !seen[sec] {
			seen[sec] = true
			out = append(out, sec)
		}
	}
	return out
}

// sectionKeys lists the known keys of one section, in order.
func sectionKeys(c *Config, section string) []string {
	var out []string
	for _, s := range c.settings() {
		if sec, name, _ := strings.Cut(s.key, "."); sec == section {
			out = append(out, name)
		}
	}
	return out
}
