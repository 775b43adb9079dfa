package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

func init() {
	subcommands["version"] = subcommand{
		summary:  "print the version and the revision it was built from (also stancebot --version)",
		synopsis: []string{"version", "--version"},
		examples: []string{"stancebot version"},
		run:      runVersion,
	}
}

// runVersion prints versionText.
func runVersion(_ context.Context, args []string, _ io.Reader, stdout, _ io.Writer) error {
	pos, err := parseFlags(newFlagSet("version"), args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: version takes no arguments", errUsage)
	}
	info, _ := debug.ReadBuildInfo()
	_, err = fmt.Fprintln(stdout, versionText(info))
	return err
}

// versionText says which build this is, from the build information Go
// records: "stancebot v1.2.0 (revision 3dec7ab1c2d4, 2026-12-02T18:00:00Z,
// modified) go1.26.8". A build without it (go run, tests) says "(devel)".
func versionText(info *debug.BuildInfo) string {
	version := "(devel)"
	var vcs []string
	if info != nil {
		if info.Main.Version != "" {
			version = info.Main.Version
		}
		settings := map[string]string{}
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
		if rev := settings["vcs.revision"]; rev != "" {
			vcs = append(vcs, "revision "+rev[:min(len(rev), 12)])
		}
		if t := settings["vcs.time"]; t != "" {
			vcs = append(vcs, t)
		}
		if settings["vcs.modified"] == "true" {
			vcs = append(vcs, "modified")
		}
	}
	if len(vcs) == 0 {
		vcs = append(vcs, "revision unknown")
	}
	return fmt.Sprintf("stancebot %s (%s) %s", version, strings.Join(vcs, ", "), runtime.Version())
}
