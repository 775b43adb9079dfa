package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/stancebot/stancebot/config"
)

func init() {
	subcommands["config"] = subcommand{
		summary:  "check serve's configuration (file and environment) without starting anything",
		synopsis: []string{"config check [FILE | --config FILE]"},
		args: []argHelp{
			{"check", "the action: load and validate the configuration, print the effective settings"},
			{"FILE", "the TOML configuration file, as --config FILE (none: the defaults and the environment)"},
		},
		examples: []string{"stancebot config check config.example.toml", "STANCEBOT_HTTP_LISTEN=:9090 stancebot config check"},
		notes:    "Secrets are never printed: only whether each variable is set.",
		run:      runConfig,
	}
}

// runConfig is `stancebot config check [--config FILE]`: it loads the file
// and the environment as serve does, prints the effective settings and which
// secrets are set (never their values), and fails as serve would.
func runConfig(_ context.Context, args []string, _ io.Reader, stdout, _ io.Writer) error {
	fs := newFlagSet("config")
	path := fs.String("config", "", "the TOML configuration `FILE` (none: the defaults and the environment)")
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) == 0 || pos[0] != "check" {
		return fmt.Errorf("%w: stancebot config check [FILE | --config FILE]", errUsage)
	}
	switch {
	case len(pos) > 2:
		return fmt.Errorf("%w: unexpected argument %q", errUsage, pos[2])
	case len(pos) == 2 && *path != "":
		return fmt.Errorf("%w: give the file once: config check FILE or config check --config FILE", errUsage)
	case len(pos) == 2:
		*path = pos[1]
	}
	cfg, err := loadConfig(*path, os.LookupEnv)
	if err != nil {
		return fmt.Errorf("invalid configuration:\n%w", err)
	}
	printConfig(stdout, cfg)
	if !cfg.AnyPlatform() {
		return errors.New(cfg.PlatformHelp())
	}
	fmt.Fprintln(stdout, "configuration OK")
	return nil
}

// printConfig writes the effective settings with their sources, and which
// secret variables are set.
func printConfig(w io.Writer, cfg *config.Config) {
	for _, p := range cfg.Platforms() {
		fmt.Fprintf(w, "%-8s %s\n", p.Name()+":", p.CurrentMode())
	}
	fmt.Fprintln(w)
	for _, s := range cfg.Settings() {
		source := s.Source
		if s.Auto {
			source += `, resolved from "auto"`
		}
		fmt.Fprintf(w, "%-28s = %-26s # %s\n", s.Key, s.Value, source)
	}
	fmt.Fprintln(w)
	for _, s := range cfg.Secrets() {
		state := "unset"
		if s.Set {
			state = "set"
		}
		fmt.Fprintf(w, "%-28s %s\n", s.Env, state)
	}
	fmt.Fprintln(w)
}
