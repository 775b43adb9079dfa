package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"github.com/stancebot/stancebot/adapters"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/stancebot/stancebot/config"
	"github.com/stancebot/stancebot/metrics"
)

func init() {
	subcommands["serve"] = subcommand{
		summary:  "run the configured platforms, the daily digests, health checks and metrics",
		synopsis: []string{"serve [--config FILE] [--data DIR]"},
		examples: []string{"stancebot serve --config /etc/stancebot/config.toml", "stancebot config check --config /etc/stancebot/config.toml"},
		run:      runServe,
	}
}

// runServe is `stancebot serve`: it loads the configuration and serves until
// the context is cancelled (SIGINT, SIGTERM).
func runServe(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve")
	path, dataDir := configFlags(fs)
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, pos[0])
	}
	cfg, err := configWithData(*path, *dataDir)
	if err != nil {
		return fmt.Errorf("%w; not starting", err)
	}
	return serve(ctx, cfg, serveOptions{Logger: newLogger(cfg.Log, stderr)})
}

// configWithData loads the configuration file (none: the defaults) and the
// environment as serve does, with --data, when given, over [data] dir.
func configWithData(path, dataDir string) (*config.Config, error) {
	cfg, err := loadConfig(path, os.LookupEnv)
	if err != nil {
		return nil, fmt.Errorf("invalid configuration:\n%w", err)
	}
	if dataDir != "" {
		cfg.Data.Dir = dataDir
	}
	return cfg, nil
}

// configuredApp is the app a configuration describes: its data directory,
// limits and digest defaults (serve's, the console's, digest run's and
// discord sync's).
func configuredApp(cfg *config.Config, log *slog.Logger) appOptions {
	return appOptions{
		DataDir: cfg.Data.Dir,
		Logger:  log,
		Limits:  botLimits(cfg.Limits),
		// The file's 0 disables the limit, as for the other limits.
		ProposalsPerDay: cmp.Or(cfg.Limits.ProposalsPerDay, -1),
		DraftLifetime:   cfg.Limits.DraftLifetime,
		DigestZone:      cfg.Digest.Location,
		DigestTime:      cfg.Digest.DefaultTime,
	}
}

// serveOptions are what serve takes besides the configuration; tests use
// them to listen on port 0 and to point the adapters at fake platforms.
type serveOptions struct {
	Logger *slog.Logger
	// Listener is the HTTP listener; nil: listen on [http] listen.
	Listener net.Listener
	// adapterHooks adjust the adapters' options before they are built.
	adapterHooks adapterHooks
	// prepared, when set, is called with the opened app before any platform
	// starts (tests register commands of their own).
	prepared func(*app) error
}

// serve runs every configured platform, the digest scheduler and the HTTP
// listener until ctx is done, then shuts down gracefully: it stops accepting,
// lets answers in flight finish within [http] shutdown_timeout, and closes
// the index and the store. It returns an error when a platform's connection
// stays dead, so that a supervisor restarts the process.
func serve(ctx context.Context, cfg *config.Config, opts serveOptions) (err error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if !cfg.AnyPlatform() {
		return errors.New(cfg.PlatformHelp())
	}
	// Listen first: a taken address fails before the index is opened.
	ln := opts.Listener
	if ln == nil {
		if ln, err = net.Listen("tcp", cfg.HTTP.Listen); err != nil {
			return fmt.Errorf("serve: listen: %w", err)
		}
	}
	defer ln.Close() // when serve fails before serving; Shutdown closes it otherwise
	m := metrics.New()
	appOpts := configuredApp(cfg, log)
	appOpts.Observer = m
	// /healthz and every command but /quote answer while it builds.
	appOpts.IndexInBackground = true
	a, err := openApp(ctx, appOpts)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer func() {
		if cerr := a.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("serve: close: %w", cerr))
		}
		log.Info("stopped")
	}()
	if err := m.IndexSize(indexSize(a, log)); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if opts.prepared != nil {
		if err := opts.prepared(a); err != nil {
			return fmt.Errorf("serve: prepare: %w", err)
		}
	}
	platforms, err := buildPlatforms(cfg, adapters.Env{Bot: a.Bot, Logger: log, Observer: m, Events: a.Store}, opts.adapterHooks)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	for _, p := range platforms {
		if err := m.PlatformReady(p.Name(), p.Ready); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
	}

	srv := &http.Server{
		Handler:           newMux(platforms, &readiness{app: a, platforms: platforms}, m),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}

	// Everything below runs until runCtx is done: by a signal, or cancelled
	// with the error of a part that failed.
	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var wg sync.WaitGroup
	start := func(name string, run func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := run(runCtx)
			if err != nil && runCtx.Err() == nil {
				log.Error("stopping: a part failed", "part", name, "error", err)
				stop(fmt.Errorf("%s: %w", name, err))
			}
		}()
	}
	start("http", func(context.Context) error {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	for _, p := range platforms {
		start(string(p.Name()), p.Run)
	}
	start("index", func(ctx context.Context) error { return syncIndex(ctx, a, indexSyncInterval, log) })
	start("catalog", func(ctx context.Context) error { warmCatalog(ctx, a, log); return nil })
	if err := startDigests(cfg, a, platforms, log, start); err != nil {
		stop(err)
	}
	startFollowers(cfg, a, log, start)
	log.Info("serving", "listen", ln.Addr().String(), "platforms", platformNames(platforms), "data", a.Dir)

	<-runCtx.Done()
	cause := context.Cause(runCtx)
	log.Info("shutting down", "reason", cause.Error(), "timeout", cfg.HTTP.ShutdownTimeout)
	if errors.Is(cause, ctx.Err()) {
		cause = nil // a signal: a clean stop
	}
	return errors.Join(cause, shutdown(srv, platforms, &wg, cfg.HTTP.ShutdownTimeout, log))
}

// indexSyncInterval is how often serve catches the index up with what other
// processes (`stancebot import`) recorded in the store.
const indexSyncInterval = 30 * time.Second

// syncIndex catches the index up with the store every interval until ctx is
// done. A failure is logged and retried at the next tick: search keeps
// answering from the index as it is.
func syncIndex(ctx context.Context, a *app, interval time.Duration, log *slog.Logger) error {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		n, err := a.Index.Sync(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("catching the index up with the store", "error", err)
		case n > 0:
			log.Info("index caught up with the store", "quotes", n)
			warmCatalog(ctx, a, log) // the import changed the store's version
		}
	}
}

// shutdown stops the HTTP server (no new requests; those in flight finish),
// lets the platforms deliver the answers still under way, and waits for the
// platforms and the scheduler to return, all within timeout.
func shutdown(srv *http.Server, platforms []adapters.Platform, wg *sync.WaitGroup, timeout time.Duration, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	errs := []error{srv.Shutdown(ctx)}
	for _, p := range platforms {
		errs = append(errs, p.Drain(ctx))
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	if err := errors.Join(errs...); err != nil || ctx.Err() != nil {
		_ = srv.Close()
		log.Error("answers still in flight at the shutdown timeout; abandoning them", "timeout", timeout)
		return fmt.Errorf("shutdown: answers still in flight after %s", timeout)
	}
	return nil
}
