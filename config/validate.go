package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// reservedPaths are served by `serve` itself and cannot host a platform endpoint.
var reservedPaths = []string{"/healthz", "/readyz", "/metrics", "/slack/"}

// validate checks every value on its own and returns every problem found.
func (c *Config) validate() error {
	k := &Check{c: c}
	k.OneOf("log.format", c.Log.Format, "text", "json")
	k.OneOf("log.level", c.Log.Level, "debug", "info", "warn", "error")
	if err := checkListen(c.HTTP.Listen); err != nil {
		k.Bad("http.listen", "%v", err)
	}
	if c.HTTP.ShutdownTimeout <= 0 {
		k.Bad("http.shutdown_timeout", "must be positive, got %s", c.HTTP.ShutdownTimeout)
	}
	for _, s := range c.settings() {
		if !strings.HasSuffix(s.key, "_env") {
			continue
		}
		// Never echo the value: it may be a secret pasted in the wrong place.
		if v := *s.ptr.(*string); !envNameRE.MatchString(v) {
			k.Bad(s.key, "not an environment variable name: it names the variable that holds the secret, it is not the secret")
		}
	}

	if _, err := time.Parse("15:04", c.Digest.DefaultTime); err != nil {
		k.Bad("digest.default_time", "%q is not a time of day HH:MM (24-hour)", c.Digest.DefaultTime)
	}
	if loc, err := loadZone(c.Digest.DefaultZone); err != nil {
		k.Bad("digest.default_zone", "%v", err)
	} else {
		c.Digest.Location = loc
	}

	if c.Limits.UserCooldown < 0 {
		k.Bad("limits.user_cooldown", "must not be negative, got %s", c.Limits.UserCooldown)
	}
	if c.Limits.ChannelPerMinute < 0 {
		k.Bad("limits.channel_per_minute", "must not be negative (0 disables the limit), got %d", c.Limits.ChannelPerMinute)
	}
	if c.Limits.MaxOptionBytes <= 0 {
		k.Bad("limits.max_option_bytes", "must be positive, got %d", c.Limits.MaxOptionBytes)
	}
	if c.Limits.ProposalsPerDay < 0 {
		k.Bad("limits.proposals_per_day", "must not be negative (0 disables the limit), got %d", c.Limits.ProposalsPerDay)
	}
	if c.Limits.DraftLifetime <= 0 {
		k.Bad("limits.draft_lifetime", "must be positive, got %s", c.Limits.DraftLifetime)
	}
	k.errs = append(k.errs, c.checkPlatforms(Section.Validate)...)
	return errors.Join(k.errs...)
}

// checkListen checks a host:port listen address with a numeric port.
func checkListen(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not a host:port address (e.g. \"127.0.0.1:8080\" or \":8080\")", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q: the port must be a number from 0 to 65535", addr)
	}
	return nil
}

// CheckPath checks an HTTP path for a platform endpoint: absolute, no
// pattern wildcard, and not one serve itself takes.
func CheckPath(p string) error {
	// Braces would make it a net/http pattern wildcard (or a pattern the
	// mux refuses with a panic).
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, " ?#{}") {
		return fmt.Errorf("%q is not an absolute URL path such as \"/discord/interactions\"", p)
	}
	for _, r := range reservedPaths {
		if p == r || strings.HasPrefix(p, strings.TrimSuffix(r, "/")+"/") {
			return fmt.Errorf("%q is taken by %s", p, r)
		}
	}
	return nil
}

// loadZone loads an IANA time zone by name; "Local" and "" are refused
// because they depend on the machine.
func loadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("%q: name an IANA time zone such as \"UTC\" or \"Europe/Paris\"", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%q is not an IANA time zone name (such as \"Europe/Paris\")", name)
	}
	return loc, nil
}

// CheckAPIURL checks a platform API base URL: empty, or an absolute http(s) URL.
func CheckAPIURL(u string) error {
	if u == "" {
		return nil
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL such as https://proxy.example/api/v9/", u)
	}
	return nil
}
