package main

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// TestHelpOfEverySubcommand: -h, -help and --help (and stancebot help NAME)
// print the subcommand's synopsis, arguments, flags and an example on
// stdout, and exit 0.
func TestHelpOfEverySubcommand(t *testing.T) {
	for _, name := range subcommandNames() {
		sc := subcommands[name]
		for _, args := range [][]string{{name, "-h"}, {name, "-help"}, {name, "--help"}, {"help", name}} {
			code, out, errOut := runCmd(t, args...)
			if code != 0 || errOut != "" {
				t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
				continue
			}
			if len(sc.synopsis) == 0 || len(sc.examples) == 0 || sc.summary == "" {
				t.Errorf("%s: its help lacks a synopsis, an example or a summary", name)
			}
			for _, want := range append([]string{"usage:\n  stancebot " + sc.synopsis[0], "examples:\n"}, sc.examples...) {
				if !strings.Contains(out, want) {
					t.Errorf("%q: help lacks %q:\n%s", args, want, out)
				}
			}
			for _, a := range sc.args {
				if !strings.Contains(out, "  "+a.name+"  ") {
					t.Errorf("%q: help lacks the argument %q:\n%s", args, a.name, out)
				}
			}
		}
	}
	_, out, _ := runCmd(t, "import", "-h")
	for _, want := range []string{"--data DIR", "--person NAME", "--date YYYY-MM-DD", "DATASET_DIR"} {
		if !strings.Contains(out, want) {
			t.Errorf("import -h lacks %q:\n%s", want, out)
		}
	}
}

func TestTopLevelHelp(t *testing.T) {
	for _, arg := range []string{"--help", "-h", "-help", "help"} {
		code, out, errOut := runCmd(t, arg)
		if code != 0 || errOut != "" {
			t.Errorf("%s: exit %d, stderr %q", arg, code, errOut)
		}
		for _, n := range subcommandNames() {
			if !strings.Contains(out, "  "+n+" ") {
				t.Errorf("%s does not list %s:\n%s", arg, n, out)
			}
		}
	}
}

func TestUnknownSubcommand(t *testing.T) {
	tests := []struct {
		arg, want string
	}{
		{"imprt", `unknown subcommand "imprt": did you mean stancebot import?`},
		{"Serve", "did you mean stancebot serve?"},
		{"xyzzy", `unknown subcommand "xyzzy" (stancebot --help lists them)`},
		{"\x1b[31mred", `unknown subcommand "red"`},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(t, tt.arg)
		if code != 2 || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %q", tt.arg, code, out, errOut, tt.want)
		}
		if strings.Contains(errOut, "\x1b") {
			t.Errorf("%q: an escape sequence is echoed: %q", tt.arg, errOut)
		}
	}
	if code, _, errOut := runCmd(t, "help", "imprt"); code != 2 || !strings.Contains(errOut, "did you mean stancebot import?") {
		t.Errorf("help imprt: exit %d, %q", code, errOut)
	}
}

func TestFlagErrorsSaidOnce(t *testing.T) {
	code, out, errOut := runCmd(t, "--version-typo")
	if code != 2 || out != "" || strings.Count(errOut, "-version-typo") != 1 {
		t.Errorf("exit %d, stdout %q, stderr %q: the error must be said once, on stderr", code, out, errOut)
	}
	if !strings.Contains(errOut, "usage: stancebot [console] [--config FILE] [--data DIR]") {
		t.Errorf("the error does not say where the usage is: %q", errOut)
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		code, out, _ := runCmd(t, args...)
		if code != 0 || !strings.HasPrefix(out, "stancebot ") || !strings.Contains(out, runtime.Version()) {
			t.Errorf("%q: exit %d, %q", args, code, out)
		}
	}
	info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/stancebot/stancebot", Version: "v1.2.0"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "3dec7ab1c2d4e5f60718293a4b5c6d7e8f901234"},
			{Key: "vcs.time", Value: "2026-12-02T18:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		}}
	want := "stancebot v1.2.0 (revision 3dec7ab1c2d4, 2026-12-02T18:00:00Z, modified) " + runtime.Version()
	if got := versionText(info); got != want {
		t.Errorf("versionText = %q, want %q", got, want)
	}
	if got := versionText(nil); got != "stancebot (devel) (revision unknown) "+runtime.Version() {
		t.Errorf("without build info: %q", got)
	}
}

func TestImportOfAFileWithoutItsKind(t *testing.T) {
	file := filepath.Join(t.TempDir(), "board.txt")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCmd(t, "import", "--data", t.TempDir(), file)
	if code != 2 || !strings.Contains(errOut, "is a file, not a dataset directory") ||
		!strings.Contains(errOut, "stancebot import board "+file) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestFlagsBetweenArguments(t *testing.T) {
	fs := newFlagSet("import")
	data := dataFlag(fs)
	pos, err := parseFlags(fs, []string{"board", "--data", "d", "f.txt", "--", "--data"}, nil)
	if err != nil || *data != "d" || strings.Join(pos, ",") != "board,f.txt,--data" {
		t.Errorf("pos %q, data %q, %v", pos, *data, err)
	}
}
