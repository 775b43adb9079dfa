package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// notOffline are the README commands a test cannot run offline, by how
// they start: they need a platform's tokens, the network or the board's
// repository. Any other command the README shows runs.
var notOffline = map[string]string{
	"stancebot discord sync --guild": "registers commands with Discord",
	"stancebot serve":                "connects to Discord and Slack",
	"stancebot import atlas":         "reads the board's git repository (network or a checkout)",
}

// offlineSkip says why a README command is not run, "" when it is.
func offlineSkip(line string) string {
	for prefix, why := range notOffline {
		if line == prefix || strings.HasPrefix(line, prefix+" ") {
			return why
		}
	}
	return ""
}

// shellBlock is a ```sh block of a Markdown file.
var shellBlock = regexp.MustCompile("(?s)```sh\n(.*?)```")

// TestREADMECommands: the README starts with the commands a newcomer types
// first, and every stancebot command its shell blocks show runs as written,
// in order, on a fresh data directory, from a directory holding the
// repository's seeds and example configuration (a command's `> FILE` is
// written there).
func TestREADMECommands(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	first := []string{"go run ./cmd/stancebot", "go test ./...", "go install ./cmd/stancebot"}
	blocks := shellBlock.FindAllSubmatch(readme, -1)
	if len(blocks) == 0 {
		t.Fatal("README.md has no shell blocks")
	}
	top := readmeCommands(string(blocks[0][1]))
	for i, want := range first {
		if i >= len(top) || strings.Join(top[i], " ") != want {
			t.Errorf("README command %d is not %q", i+1, want)
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	for _, f := range []string{"seeds", "config.example.toml"} {
		if err := os.Symlink(filepath.Join(root, f), filepath.Join(work, f)); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(work)
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	ran := 0
	for _, b := range blocks {
		for _, words := range readmeCommands(string(b[1])) {
			switch {
			case len(words) >= 2 && words[0] == "go" && words[1] == "run":
				words = append([]string{"stancebot"}, words[3:]...) // go run ./cmd/stancebot ARGS
			case words[0] != "stancebot":
				continue // go test, go install, export, docker ...
			}
			line := strings.Join(words, " ")
			if why := offlineSkip(line); why != "" {
				t.Logf("not run (it %s): %s", why, line)
				continue
			}
			var redirect string
			if n := len(words); n >= 2 && words[n-2] == ">" {
				redirect, words = words[n-1], words[:n-2]
			}
			code, out, errOut := runCmd(t, words[1:]...)
			if code != 0 {
				t.Errorf("README command %q: exit %d\nstdout: %.500s\nstderr: %s", line, code, out, errOut)
			}
			if redirect != "" {
				if err := os.WriteFile(redirect, []byte(out), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			ran++
		}
	}
	if ran < 10 {
		t.Errorf("ran only %d README commands", ran)
	}
}

// readmeCommands splits a shell block into commands (lines joined at a
// trailing backslash, comments dropped) and each command into words
// (quotation marks removed).
func readmeCommands(block string) [][]string {
	var out [][]string
	var cur []string
	for _, l := range strings.Split(block, "\n") {
		l = strings.TrimSpace(l)
		cont := strings.HasSuffix(l, "\\")
		words := shellWords(strings.TrimSuffix(l, "\\"))
		cur = append(cur, words...)
		if cont {
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = nil
	}
	return out
}

// shellWords splits one line as a shell would for the README's simple
// commands: words separated by spaces, "..." and '...' quoting, a # that
// starts a word starts a comment.
func shellWords(line string) []string {
	var words []string
	var w strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				w.WriteRune(r)
			}
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case r == '#' && !inWord:
			return words
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}
