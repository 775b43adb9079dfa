// Package metrics is stancebot's Prometheus instrumentation: a bot.Observer
// that counts commands by name and outcome, times them, counts platform
// errors, 429s and digests sent, and serves it all on its own registry (never
// the global default one) in the Prometheus text format.
package metrics

import (
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/stancebot/stancebot/bot"
)

// namespace prefixes every stancebot metric.
const namespace = "stancebot"

// Metrics holds the collectors on one registry. It implements bot.Observer
// and is safe for concurrent use.
type Metrics struct {
	reg         *prometheus.Registry
	commands    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	errors      *prometheus.CounterVec
	rateLimited *prometheus.CounterVec
	digests     *prometheus.CounterVec
	labels      *labelGuard
}

var _ bot.Observer = (*Metrics)(nil)

// New returns the metrics on a fresh registry, with the Go runtime and
// process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "commands_total",
			Help: "Commands answered, by platform, command and outcome (ok or an error code such as not_found or rate_limited).",
		}, []string{"platform", "command", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "command_duration_seconds",
			Help:    "Time to answer a command, by platform and command.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2, 3, 5, 10},
		}, []string{"platform", "command"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "platform_errors_total",
			Help: "Failed platform API calls other than 429s, by platform and kind.",
		}, []string{"platform", "kind"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "platform_rate_limited_total",
			Help: "429 (rate limited) answers from a platform's API, by platform.",
		}, []string{"platform"}),
		digests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "digests_sent_total",
			Help: "Daily digests delivered to a channel, by platform.",
		}, []string{"platform"}),
		labels: newLabelGuard(maxLabelValues),
	}
	m.reg.MustRegister(
		m.commands, m.latency, m.errors, m.rateLimited, m.digests,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// CommandDone implements bot.Observer.
func (m *Metrics) CommandDone(platform bot.Platform, command, outcome string, took time.Duration) {
	p, c := m.labels.value("platform", string(platform)), m.labels.value("command", command)
	m.commands.WithLabelValues(p, c, m.labels.value("outcome", outcome)).Inc()
	m.latency.WithLabelValues(p, c).Observe(took.Seconds())
}

// PlatformError implements bot.Observer. The kind bot.PlatformRateLimited (a 429)
// counts in stancebot_platform_rate_limited_total, any other kind in
// stancebot_platform_errors_total.
func (m *Metrics) PlatformError(platform bot.Platform, kind string) {
	p := m.labels.value("platform", string(platform))
	if kind == bot.PlatformRateLimited {
		m.rateLimited.WithLabelValues(p).Inc()
		return
	}
	m.errors.WithLabelValues(p, m.labels.value("kind", kind)).Inc()
}

// DigestSent implements bot.Observer.
func (m *Metrics) DigestSent(platform bot.Platform) {
	m.digests.WithLabelValues(m.labels.value("platform", string(platform))).Inc()
}

// IndexSize exports stancebot_index_quotes, the number of quotes in the
// search index, read from size at each scrape. Call it once.
func (m *Metrics) IndexSize(size func() float64) error {
	g := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: namespace, Name: "index_quotes",
		Help: "Quotes in the full-text search index.",
	}, size)
	if err := m.reg.Register(g); err != nil {
		return fmt.Errorf("register index size: %w", err)
	}
	return nil
}

// PlatformReady exports stancebot_platform_ready{platform} (1 when ready, 0
// when not), read from ready at each scrape. Call it once per platform.
func (m *Metrics) PlatformReady(platform bot.Platform, ready func() bool) error {
	g := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: namespace, Name: "platform_ready",
		Help:        "1 when the platform is connected (gateway, Socket Mode) or configured (HTTP modes), else 0.",
		ConstLabels: prometheus.Labels{"platform": string(platform)},
	}, func() float64 {
		if ready() {
			return 1
		}
		return 0
	})
	if err := m.reg.Register(g); err != nil {
		return fmt.Errorf("register %s readiness: %w", platform, err)
	}
	return nil
}

// Handler serves the registry in the Prometheus exposition format (/metrics).
func (m *Metrics) Handler() http.Handler {
	return promhttp.InstrumentMetricHandler(m.reg, promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		Registry:          m.reg,
		EnableOpenMetrics: true,
	}))
}

// Gatherer returns the registry, for tests and for pushing elsewhere.
func (m *Metrics) Gatherer() prometheus.Gatherer { return m.reg }
