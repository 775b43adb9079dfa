package main

import (
	"context"
	"fmt"
	"github.com/stancebot/stancebot/adapters"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/config"
	"github.com/stancebot/stancebot/metrics"
)

// readyCheckTimeout bounds the store check of one /readyz request.
const readyCheckTimeout = 2 * time.Second

// newMux routes serve's one listener: the platforms' HTTP endpoints,
// /healthz, /readyz and /metrics.
func newMux(platforms []adapters.Platform, ready *readiness, m *metrics.Metrics) *http.ServeMux {
	mux := http.NewServeMux()
	for _, p := range platforms {
		if pattern, h := p.HTTP(); h != nil {
			mux.Handle(pattern, h)
		}
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.Handle("GET /readyz", ready)
	mux.Handle("GET /metrics", m.Handler())
	return mux
}

// readiness answers /readyz: ready when the store answers, the index is
// open and every platform is ready.
type readiness struct {
	app       *app
	platforms []adapters.Platform
}

// check is one line of a /readyz answer.
type check struct {
	name string
	err  error
}

// checks runs every readiness check.
func (h *readiness) checks(ctx context.Context) []check {
	var out []check
	ctx, cancel := context.WithTimeout(ctx, readyCheckTimeout)
	defer cancel()
	_, err := h.app.Store.Version(ctx)
	out = append(out, check{"store", err})
	out = append(out, check{"index", indexCheck(h.app)})
	for _, p := range h.platforms {
		var err error
		if !p.Ready() {
			err = fmt.Errorf("not connected")
		}
		out = append(out, check{string(p.Name()) + " (" + p.Mode() + ")", err})
	}
	return out
}

// ServeHTTP answers 200 with one "ok NAME" line per check, or 503 with
// "fail NAME: reason" lines when any check fails.
func (h *readiness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	status := http.StatusOK
	for _, c := range h.checks(r.Context()) {
		if c.err != nil {
			status = http.StatusServiceUnavailable
			fmt.Fprintf(&b, "fail %s: %v\n", c.name, c.err)
			continue
		}
		fmt.Fprintf(&b, "ok %s\n", c.name)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	io.WriteString(w, b.String())
}

// indexSize reads the number of quotes in the index, for the metrics.
func indexSize(a *app, log *slog.Logger) func() float64 {
	return func() float64 {
		n, err := a.Index.DocCount()
		if err != nil {
			log.Warn("reading the index size", "error", err)
			return 0
		}
		return float64(n)
	}
}

// indexCheck reports whether the index answers.
func indexCheck(a *app) error {
	if a.Index == nil {
		return fmt.Errorf("not open")
	}
	if _, err := a.Index.DocCount(); err != nil {
		return err
	}
	return nil
}

// newLogger returns the slog logger the [log] section asks for, writing to w.
// The configuration has been validated, so format and level are known.
func newLogger(c config.Log, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// botLimits returns the [limits] section in the core's form.
func botLimits(l config.Limits) bot.Limits {
	return bot.Limits{
		UserCooldown:     l.UserCooldown,
		ChannelPerMinute: l.ChannelPerMinute,
		MaxOptionBytes:   l.MaxOptionBytes,
	}
}
