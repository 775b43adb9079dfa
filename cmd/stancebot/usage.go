package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/stancebot/stancebot/bot"
)

// A subcommand's help is in one place: its entry in subcommands (summary,
// synopsis, arguments, examples) says what it takes, and the flags it
// defines on its flag set (newFlagSet) describe themselves. -h, -help and
// --help print both, from parseFlags.

// argHelp describes one positional argument of a subcommand.
type argHelp struct {
	name, text string
}

// newFlagSet returns the flag set of subcommand name. It prints nothing
// itself: a bad flag is an error run prints once, and -h is answered by
// parseFlags.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args with flags allowed before, between and after the
// positional arguments, and returns the positional ones. -h, -help or
// --help writes the subcommand's help to stdout and returns flag.ErrHelp
// (exit status 0); any other bad flag is an error wrapping errUsage.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, error) {
	var pos []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			printHelp(stdout, fs.Name(), fs)
			return nil, flag.ErrHelp
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errUsage, err)
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// printHelp writes the help of subcommand name: what it does, its synopsis,
// its arguments, its flags (from fs; nil: none) and its examples.
func printHelp(w io.Writer, name string, fs *flag.FlagSet) {
	sc := subcommands[name]
	fmt.Fprintln(w, "usage:")
	synopsis := sc.synopsis
	if len(synopsis) == 0 {
		synopsis = []string{name + " [FLAGS]"}
	}
	for _, s := range synopsis {
		fmt.Fprintf(w, "  stancebot %s\n", s)
	}
	if sc.summary != "" {
		fmt.Fprintf(w, "\n%s\n", upperFirst(sc.summary)+".")
	}
	tw := tabwriter.NewWriter(w, 0, 4, 3, ' ', 0)
	if len(sc.args) > 0 {
		fmt.Fprintln(tw, "\narguments:")
		for _, a := range sc.args {
			fmt.Fprintf(tw, "  %s\t%s\n", a.name, a.text)
		}
	}
	if fs != nil {
		var lines []string
		fs.VisitAll(func(f *flag.Flag) {
			if strings.HasPrefix(f.Usage, "internal:") {
				return
			}
			value, usage := flag.UnquoteUsage(f)
			switch value {
			case "":
			case "string", "value":
				value = " VALUE"
			case "int", "uint", "float", "duration":
				value = " N"
			default:
				value = " " + value
			}
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				usage += fmt.Sprintf(" (default %s)", f.DefValue)
			}
			lines = append(lines, fmt.Sprintf("  --%s%s\t%s\n", f.Name, value, usage))
		})
		if len(lines) > 0 {
			fmt.Fprintln(tw, "\nflags:")
			for _, l := range lines {
				fmt.Fprint(tw, l)
			}
		}
	}
	if len(sc.examples) > 0 {
		fmt.Fprintln(tw, "\nexamples:")
		for _, e := range sc.examples {
			fmt.Fprintf(tw, "  %s\n", e)
		}
	}
	tw.Flush()
	if sc.notes != "" {
		fmt.Fprintf(w, "\n%s\n", sc.notes)
	}
}

// printSynopsis writes the short reminder of a usage error: the
// subcommand's synopsis and where its whole help is.
func printSynopsis(w io.Writer, name string) {
	for i, s := range subcommands[name].synopsis {
		lead := "usage:"
		if i > 0 {
			lead = "      "
		}
		fmt.Fprintf(w, "%s stancebot %s\n", lead, s)
	}
	fmt.Fprintf(w, "(stancebot %s -h shows its arguments, flags and examples)\n", name)
}

// printUsage writes the top-level help: every subcommand with its summary.
func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: stancebot [SUBCOMMAND] [FLAGS] [ARGUMENTS]")
	fmt.Fprintln(w, "\nWith no subcommand, stancebot opens the console (stancebot console).")
	fmt.Fprintln(w, "\nsubcommands:")
	tw := tabwriter.NewWriter(w, 0, 4, 3, ' ', 0)
	for _, n := range subcommandNames() {
		fmt.Fprintf(tw, "  %s\t%s\n", n, subcommands[n].summary)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nRun stancebot SUBCOMMAND -h (or stancebot help SUBCOMMAND) for its arguments, flags and examples.")
}

// subcommandNames returns the subcommands' names, sorted.
func subcommandNames() []string {
	names := make([]string, 0, len(subcommands))
	for n := range subcommands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// unknownSubcommand is the error for a name that is no subcommand, with the
// closest one when there is one (the matcher the chat commands use).
func unknownSubcommand(name string) string {
	shown := bot.Echo(name, 32)
	if best, ok := bot.Closest(name, subcommandNames()); ok {
		return fmt.Sprintf("unknown subcommand %q: did you mean stancebot %s? (stancebot --help lists them)", shown, best)
	}
	return fmt.Sprintf("unknown subcommand %q (stancebot --help lists them)", shown)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// dataFlag defines --data, the data directory of the commands that open
// one directly.
func dataFlag(fs *flag.FlagSet) *string {
	return fs.String("data", "", "the data directory `DIR` (default: $XDG_DATA_HOME/stancebot, else ~/.local/share/stancebot)")
}

// configFlags defines --config and --data for the commands that read
// serve's configuration.
func configFlags(fs *flag.FlagSet) (path, data *string) {
	path = fs.String("config", "", "the TOML configuration `FILE` (none: the defaults and the environment)")
	data = fs.String("data", "", "the data `DIR` (overrides [data] dir of the configuration)")
	return path, data
}
