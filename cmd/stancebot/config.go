package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/stancebot/stancebot/config"
)

func init() {
	subcommands["config"] = subcommand{
		summary: "check the configuration of serve without starting: config check [--config FILE]",
		run:     runConfig,
	}
}

// runConfig is `stancebot config check [--config FILE]`: it loads the file
// and the environment as serve does, prints the effective settings and which
// secrets are set (never their values), and fails as serve would.
func runConfig(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "check" {
		return fmt.Errorf("%w: stancebot config check [--config FILE]", errUsage)
	}
	fs := flag.NewFlagSet("config check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "the TOML configuration file (none: the defaults and the environment)")
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	cfg, err := config.Load(*path, os.LookupEnv)
	if err != nil {
		return fmt.Errorf("invalid configuration:\n%w", err)
	}
	printConfig(stdout, cfg)
	if cfg.Discord.Mode == config.ModeOff && cfg.Slack.Mode == config.ModeOff {
		return errors.New(cfg.PlatformHelp())
	}
	fmt.Fprintln(stdout, "configuration OK")
	return nil
}

// printConfig writes the effective settings with their sources, and which
// secret variables are set.
func printConfig(w io.Writer, cfg *config.Config) {
	fmt.Fprintf(w, "discord: %s\nslack:   %s\n\n", cfg.Discord.Mode, cfg.Slack.Mode)
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
