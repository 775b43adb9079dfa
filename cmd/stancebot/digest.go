package main

import (
	"context"
	"fmt"
	"github.com/stancebot/stancebot/adapters"
	"io"
	"log/slog"

	"github.com/stancebot/stancebot/adapters/console"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/config"
	"github.com/stancebot/stancebot/digest"
	"github.com/stancebot/stancebot/metrics"
)

func init() {
	subcommands["digest"] = subcommand{
		summary:  "send the daily digests due now, once, and exit (for cron instead of serve's scheduler)",
		synopsis: []string{"digest run --now [--config FILE] [--data DIR]"},
		args:     []argHelp{{"run", "the action: one pass of the digest scheduler"}},
		examples: []string{"stancebot digest run --now --config /etc/stancebot/config.toml"},
		run:      runDigest,
	}
}

const digestUsage = "stancebot digest run --now [--config FILE] [--data DIR]"

// runDigest is `stancebot digest run --now`: one pass of the digest
// scheduler over the data directory, through the configured platforms
// (console subscriptions print to stdout), then exit. It sends nothing while
// another instance (serve) holds the digest lease; that instance sends them.
// A digest that could not be sent makes the exit status 1, and is sent by
// the next run.
func runDigest(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) (err error) {
	fs := newFlagSet("digest")
	now := fs.Bool("now", false, "send the digests that are due now, then exit")
	path, dataDir := configFlags(fs)
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "run" {
		return fmt.Errorf("%w: %s", errUsage, digestUsage)
	}
	if !*now {
		return fmt.Errorf("%w: digest run needs --now (serve runs the scheduler itself): %s", errUsage, digestUsage)
	}
	cfg, err := configWithData(*path, *dataDir)
	if err != nil {
		return err
	}
	log := newLogger(cfg.Log, stderr)
	m := metrics.New()
	opts := configuredApp(cfg, log)
	opts.Observer, opts.WithoutIndex = m, true
	a, err := openApp(ctx, opts)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := a.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("digest run: %w", cerr)
		}
	}()
	platforms, err := buildPlatforms(cfg, adapters.Env{Bot: a.Bot, Logger: log, Observer: m, Events: a.Store}, adapterHooks{})
	if err != nil {
		return fmt.Errorf("digest run: %w", err)
	}
	senders := platformSenders(platforms)
	senders[bot.PlatformConsole] = console.NewSender(stdout)
	sched, err := digest.NewScheduler(a.Digests, digest.SchedulerOptions{Senders: senders})
	if err != nil {
		return fmt.Errorf("digest run: %w", err)
	}
	rep, err := sched.RunDue(ctx)
	if rerr := sched.Release(context.WithoutCancel(ctx)); rerr != nil {
		log.Warn("release the digest lease", "error", rerr)
	}
	if err != nil {
		return fmt.Errorf("digest run: %w", err)
	}
	fmt.Fprintln(stdout, rep)
	if rep.Failed > 0 {
		return fmt.Errorf("digest run: %d digests failed; the next run sends them", rep.Failed)
	}
	return nil
}

// startDigests starts serve's digest scheduler, posting through the
// platforms' senders, unless [digest] enabled is false (cron runs
// `stancebot digest run --now` instead).
func startDigests(cfg *config.Config, a *app, platforms []adapters.Platform, log *slog.Logger, start func(string, func(context.Context) error)) error {
	if !cfg.Digest.Enabled {
		log.Info("daily digests are off in serve ([digest] enabled = false)")
		return nil
	}
	sched, err := digest.NewScheduler(a.Digests, digest.SchedulerOptions{Senders: platformSenders(platforms)})
	if err != nil {
		return fmt.Errorf("digests: %w", err)
	}
	log.Info("daily digests on", "holder", sched.Holder())
	start("digest", sched.Run)
	return nil
}

// platformSenders maps each platform to the sender that posts its digests.
func platformSenders(platforms []adapters.Platform) map[bot.Platform]bot.Sender {
	senders := map[bot.Platform]bot.Sender{}
	for _, p := range platforms {
		if s := p.Sender(); s != nil {
			senders[p.Name()] = s
		}
	}
	return senders
}
