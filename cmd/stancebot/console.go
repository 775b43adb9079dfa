package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/chzyer/readline"

	"github.com/stancebot/stancebot/adapters/console"
	"github.com/stancebot/stancebot/bot"
)

func init() {
	subcommands["console"] = subcommand{
		summary:  "the interactive console on the data directory (the default subcommand)",
		synopsis: []string{"[console] [--config FILE] [--data DIR]"},
		examples: []string{"stancebot", "stancebot --data ./mydata", "stancebot --config config.toml", "echo /help | stancebot"},
		notes: "Type a chat command (/help lists them); a line without a slash searches quotes (/quote).\n" +
			"On a terminal: Up and Down recall history (kept in the data directory), Tab completes.\n" +
			"The configuration's [data], [digest] and [limits] apply as they do to serve, but for the chat rate limits.",
		run: runConsole,
	}
}

// runConsole runs `stancebot [console] [--config FILE] [--data DIR]`: the
// REPL. A failure to close the data directory is its error (exit status
// 1), as the other subcommands report it.
func runConsole(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	fs := newFlagSet("console")
	path, data := configFlags(fs)
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: console takes no arguments (did you mean: stancebot ask %q?)", errUsage, pos[0])
	}
	cfg, err := configWithData(*path, *data)
	if err != nil {
		return err
	}
	opts := configuredApp(cfg, cliLogger(stderr))
	// The console has one user, its operator: no chat rate limits.
	opts.Limits.UserCooldown, opts.Limits.ChannelPerMinute = 0, 0
	a, err := openApp(ctx, opts)
	if err != nil {
		return err
	}
	defer a.closeInto(&err)
	banner, err := consoleBanner(ctx, a)
	if err != nil {
		return err
	}
	return console.Run(ctx, a.Bot, stdin, stdout, console.Options{
		Banner:      banner,
		Terminal:    isTerminal(stdin) && isTerminal(stdout),
		HistoryFile: filepath.Join(a.Dir, historyFile),
	})
}

// consoleBanner says what the console opened: the data directory and what
// its store holds.
func consoleBanner(ctx context.Context, a *app) (string, error) {
	n, err := a.Store.Counts(ctx)
	if err != nil {
		return "", fmt.Errorf("console: %w", err)
	}
	return fmt.Sprintf("stancebot console on %s: %s.\nType /help for the commands, words without a slash to search quotes, quit to leave.",
		a.Dir, countsText(bot.ImportCounts{Strategies: n.Strategies, People: n.People, Quotes: n.Quotes, Stories: n.Stories})), nil
}

// isTerminal reports whether f is an interactive terminal (not a pipe or a file).
func isTerminal(f any) bool {
	fd, ok := f.(interface{ Fd() uintptr })
	return ok && readline.IsTerminal(int(fd.Fd()))
}

// cliLogger logs warnings and errors as text to w, keeping the console and
// one-shot answers uncluttered.
func cliLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
