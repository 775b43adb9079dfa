package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/stancebot/stancebot/adapters/console"
	"github.com/stancebot/stancebot/bot"
)

func init() {
	subcommands["ask"] = subcommand{
		summary: `answer one command and exit: ask [--data DIR] [--json] "/whoendorses open source"`,
		run:     runAsk,
	}
}

// runAsk runs `stancebot ask [--data DIR] [--json] "/command ..."`: it
// prints the console rendering of the reply (or the Reply as JSON) and
// fails with exit status 2 when the reply says the input was invalid or
// named something unknown, 1 for any other error.
func runAsk(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) (err error) {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "data directory (default: the stancebot folder in your data dir)")
	asJSON := fs.Bool("json", false, "print the reply as JSON")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	line := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(line) == "" {
		return fmt.Errorf(`%w: give a command, e.g. stancebot ask "/whoendorses open source"`, errUsage)
	}
	a, err := openApp(ctx, appOptions{DataDir: *data, Logger: cliLogger(stderr)})
	if err != nil {
		return err
	}
	defer func() {
		if cerr := a.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	reply := a.Bot.HandleLine(ctx, line, console.Request())
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(reply); err != nil {
			return fmt.Errorf("write reply: %w", err)
		}
	} else if err := console.Render(stdout, reply); err != nil {
		return fmt.Errorf("write reply: %w", err)
	}
	switch reply.Error {
	case "":
		return nil
	case bot.EINVALID, bot.ENOTFOUND:
		return exitStatus(2) // the reply already says what is wrong
	default:
		return exitStatus(1)
	}
}
