package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/stancebot/stancebot/adapters/console"
	"github.com/stancebot/stancebot/bot"
)

func init() {
	subcommands["ask"] = subcommand{
		summary:  "answer one chat command and exit, as plain text or as JSON",
		synopsis: []string{"ask [--data DIR] [--json | --render discord|slack] [--png FILE] COMMAND..."},
		args:     []argHelp{{"COMMAND", `a chat command line, as one argument ("/person joelle pineau") or as several words`}},
		examples: []string{
			`stancebot ask "/whoendorses open weights"`,
			`stancebot ask --json "/person joelle pineau"`,
			`stancebot ask "/quote regulation bans open source"`,
			`stancebot ask --render slack "/whoendorses open source"`,
			`stancebot ask --png grid.png "/whoendorses open source"`,
		},
		notes: "Exit status: 0 answered, 1 failure, 2 usage (a wrong command line), 3 not found\n" +
			"(no such strategy, person or quote). The JSON is described in docs/json.md.",
		run: runAsk,
	}
}

// runAsk runs `stancebot ask [--data DIR] [--json] "/command ..."`: it
// prints the console rendering of the reply (or the Reply as JSON) and
// exits with exitUsage when the reply says the input was invalid,
// exitNotFound when it named something unknown, exitFailure for any other
// error.
func runAsk(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) (err error) {
	fs := newFlagSet("ask")
	data := dataFlag(fs)
	asJSON := fs.Bool("json", false, "print the reply as JSON (docs/json.md)")
	renderFor := fs.String("render", "", "print the exact payloads a platform would send: discord (message JSON) or slack (Block Kit JSON)")
	pngFile := fs.String("png", "", "write the tier grid picture of the answer to `FILE` (PNG)")
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if *renderFor != "" && (*asJSON || !slices.Contains(renderTargets(), *renderFor)) {
		return fmt.Errorf("%w: --render takes one of %s, and not with --json", errUsage, strings.Join(renderTargets(), ", "))
	}
	line := strings.Join(pos, " ")
	if strings.TrimSpace(line) == "" {
		return fmt.Errorf(`%w: give a command, e.g. stancebot ask "/whoendorses open source"`, errUsage)
	}
	a, err := openApp(ctx, appOptions{DataDir: *data, Logger: cliLogger(stderr)})
	if err != nil {
		return err
	}
	defer a.closeInto(&err)
	var reply bot.Reply
	if *renderFor != "" {
		if reply, err = renderPayloads(ctx, a.Bot, *renderFor, line, stdout, stderr); err != nil {
			return err
		}
		return errors.Join(writeGridPNG(*pngFile, reply), exitStatusOf(reply))
	}
	reply = a.Bot.HandleLine(ctx, line, console.Request())
	if err := writeGridPNG(*pngFile, reply); err != nil {
		return err
	}
	if *asJSON {
		if err := writeJSON(stdout, reply); err != nil {
			return err
		}
	} else if err := console.Render(stdout, reply); err != nil {
		return fmt.Errorf("write reply: %w", err)
	}
	return exitStatusOf(reply) // the reply already says what is wrong
}

// exitStatusOf is ask's exit status for a reply: nil when it answered.
func exitStatusOf(reply bot.Reply) error {
	switch reply.Error {
	case "":
		return nil
	case bot.EINVALID:
		return exitStatus(exitUsage)
	case bot.ENOTFOUND:
		return exitStatus(exitNotFound)
	default:
		return exitStatus(exitFailure)
	}
}

// writeJSON writes the reply as ask --json does (docs/json.md).
func writeJSON(w io.Writer, reply bot.Reply) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // "<id>" reads as typed; the output is no HTML page
	if err := enc.Encode(reply); err != nil {
		return fmt.Errorf("write reply: %w", err)
	}
	return nil
}
