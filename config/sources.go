package config

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Source is one [[source]] table: a repository that `serve` follows,
// importing each new head of its branch.
type Source struct {
	Name   string        // the source's name in the store and its clone's folder; default: the kind ("atlas")
	Kind   string        // "atlas": the AGI Strategies board's repository
	URL    string        // a URL to clone (into <data dir>/sources/<name>), or a local repository's path
	Branch string        // the branch followed; "" is the remote's default branch
	Every  time.Duration // how often to fetch; default 6h, at least 1m
}

// Source kinds.
const SourceAtlas = "atlas"

// Defaults of a [[source]] table.
const (
	DefaultSourceEvery = 6 * time.Hour
	minSourceEvery     = time.Minute
)

// sourceKeys are the keys a [[source]] table may hold.
var sourceKeys = []string{"name", "kind", "url", "branch", "every"}

// decodeSources reads the [[source]] tables of the file at path.
func (c *Config) decodeSources(path string, v any) error {
	tables, ok := v.([]map[string]any)
	if !ok {
		return &Error{Key: "source", Source: path, Problem: fmt.Sprintf("want tables [[source]], got %s", tomlType(v))}
	}
	var errs []error
	names := map[string]bool{}
	for i, t := range tables {
		key := "source[" + strconv.Itoa(i+1) + "]"
		problem := func(format string, args ...any) {
			errs = append(errs, &Error{Key: key, Source: path, Problem: fmt.Sprintf(format, args...)})
		}
		s := Source{Every: DefaultSourceEvery}
		str := func(name string, dst *string) {
			if raw, ok := t[name]; ok {
				if x, ok := raw.(string); ok {
					*dst = strings.TrimSpace(x)
				} else {
					problem("%s: want a string, got %s", name, tomlType(raw))
				}
			}
		}
		for name := range t {
			if !slices.Contains(sourceKeys, name) {
				problem("unknown key %q (known: %s)", name, strings.Join(sourceKeys, ", "))
			}
		}
		var every string
		str("name", &s.Name)
		str("kind", &s.Kind)
		str("url", &s.URL)
		str("branch", &s.Branch)
		str("every", &every)
		if s.Kind != SourceAtlas {
			problem("kind %q: want %q", s.Kind, SourceAtlas)
		}
		if s.URL == "" {
			problem("url: the repository's URL or path is required")
		}
		if s.Name == "" {
			s.Name = s.Kind
		}
		if !validSourceName(s.Name) {
			problem("name %q: want lower-case letters, digits and hyphens (it names a folder)", s.Name)
		} else if names[s.Name] {
			problem("name %q: another [[source]] has it (give each a name)", s.Name)
		}
		names[s.Name] = true
		if every != "" {
			d, err := time.ParseDuration(every)
			switch {
			case err != nil:
				problem(`every %q: want a duration such as "6h" or "30m"`, every)
			case d < minSourceEvery:
				problem("every %s: at least %s between fetches", d, minSourceEvery)
			default:
				s.Every = d
			}
		}
		c.Sources = append(c.Sources, s)
	}
	return errors.Join(errs...)
}

// validSourceName reports whether name is a slug: a-z, 0-9 and inner hyphens.
func validSourceName(name string) bool {
	if name == "" || strings.HasPrefix(name, "-") || strings.HasSuffix(name, "-") {
		return false
	}
	for _, r := range name {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// sourceSettings shows each source as settings, for `config check`.
func (c *Config) sourceSettings(path string) []Setting {
	var out []Setting
	for _, s := range c.Sources {
		k := "source." + s.Name + "."
		out = append(out,
			Setting{Key: k + "kind", Value: strconv.Quote(s.Kind), Source: path},
			Setting{Key: k + "url", Value: strconv.Quote(s.URL), Source: path},
			Setting{Key: k + "branch", Value: strconv.Quote(s.Branch), Source: path},
			Setting{Key: k + "every", Value: strconv.Quote(s.Every.String()), Source: path},
		)
	}
	return out
}
