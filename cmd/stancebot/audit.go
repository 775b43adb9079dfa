package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/stancebot/stancebot/bot"
)

func init() {
	subcommands["audit"] = subcommand{
		summary:  "print the audit log: every proposal, edit, decision and dispute, oldest first",
		synopsis: []string{"audit [--data DIR] [--since DATE]"},
		examples: []string{"stancebot audit", "stancebot audit --since 2026-11-01"},
		run:      runAudit,
	}
}

// runAudit runs `stancebot audit [--data DIR] [--since DATE]`: one line per
// entry of the audit log (bot.AuditLine), oldest first, from the start of
// DATE (YYYY, YYYY-MM or YYYY-MM-DD, UTC) when given.
func runAudit(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) (err error) {
	fs := newFlagSet("audit")
	data := dataFlag(fs)
	since := fs.String("since", "", "only entries from this date on (YYYY, YYYY-MM or YYYY-MM-DD, UTC)")
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return fmt.Errorf("%w: stancebot audit [--data DIR] [--since DATE]", errUsage)
	}
	from, err := sinceTime(*since)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, appOptions{DataDir: *data, Logger: cliLogger(stderr), WithoutIndex: true})
	if err != nil {
		return err
	}
	defer a.closeInto(&err)
	entries, err := a.Store.Audit(ctx, from)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	for _, e := range entries {
		if _, err := fmt.Fprintln(stdout, bot.AuditLine(e)); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
	}
	if len(entries) == 0 {
		fmt.Fprintln(stdout, "no audit entries")
	}
	return nil
}

// sinceTime is the start (UTC) of a --since date; "" is the zero time.
func sinceTime(s string) (time.Time, error) {
	d, err := bot.ParseDate(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: --since: %v", errUsage, err)
	}
	if d.IsZero() {
		return time.Time{}, nil
	}
	return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC), nil
}
