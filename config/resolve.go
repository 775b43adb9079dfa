package config

import (
	"errors"
	"fmt"
	"strings"
)

// resolve has every platform section read its secrets from the environment
// and turn ModeAuto into the mode they allow (or off).
func (c *Config) resolve(env LookupEnv) error {
	return errors.Join(c.checkPlatforms(func(p Section, k *Check) { p.Resolve(env, k) })...)
}

// PlatformHelp explains which environment variables enable a platform, for
// `serve` to print when none is configured.
func (c *Config) PlatformHelp() string {
	var b strings.Builder
	b.WriteString("no platform is configured: set the environment variables of at least one\n")
	for _, p := range c.platforms {
		for _, h := range p.Help() {
			fmt.Fprintf(&b, "  %-20s %s\n", h.Mode+":", h.Needs)
		}
	}
	b.WriteString("(try the bot without a platform with `stancebot console`)\n")
	return b.String()
}
