package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/stancebot/stancebot/bot"
)

// value returns the value of the one sample of family name whose labels
// include want (a counter's value, a histogram's count or a gauge's value),
// and whether it exists.
func value(t *testing.T, m *Metrics, name string, want map[string]string) (float64, bool) {
	t.Helper()
	families, err := m.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	metrics:
		for _, s := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range s.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			for k, v := range want {
				if labels[k] != v {
					continue metrics
				}
			}
			return sampleValue(s), true
		}
	}
	return 0, false
}

func sampleValue(s *dto.Metric) float64 {
	switch {
	case s.Counter != nil:
		return s.Counter.GetValue()
	case s.Gauge != nil:
		return s.Gauge.GetValue()
	case s.Histogram != nil:
		return float64(s.Histogram.GetSampleCount())
	}
	return 0
}

func TestObserver(t *testing.T) {
	m := New()
	m.CommandDone(bot.PlatformDiscord, "whoendorses", "ok", 30*time.Millisecond)
	m.CommandDone(bot.PlatformDiscord, "whoendorses", "ok", 2*time.Second)
	m.CommandDone(bot.PlatformSlack, "quote", bot.ENOTFOUND, time.Millisecond)
	m.PlatformError(bot.PlatformSlack, "rate_limited")
	m.PlatformError(bot.PlatformSlack, "rate_limited")
	m.PlatformError(bot.PlatformDiscord, "api")
	m.DigestSent(bot.PlatformSlack)

	tests := []struct {
		name   string
		family string
		labels map[string]string
		want   float64
	}{
		{"ok commands", "stancebot_commands_total", map[string]string{"platform": "discord", "command": "whoendorses", "outcome": "ok"}, 2},
		{"failed command", "stancebot_commands_total", map[string]string{"platform": "slack", "command": "quote", "outcome": "not_found"}, 1},
		{"latency count", "stancebot_command_duration_seconds", map[string]string{"platform": "discord", "command": "whoendorses"}, 2},
		{"429s", "stancebot_platform_rate_limited_total", map[string]string{"platform": "slack"}, 2},
		{"api errors", "stancebot_platform_errors_total", map[string]string{"platform": "discord", "kind": "api"}, 1},
		{"digests", "stancebot_digests_sent_total", map[string]string{"platform": "slack"}, 1},
	}
	for _, tt := range tests {
		got, ok := value(t, m, tt.family, tt.labels)
		if !ok || got != tt.want {
			t.Errorf("%s: %s%v = %v (present %t), want %v", tt.name, tt.family, tt.labels, got, ok, tt.want)
		}
	}
	if _, ok := value(t, m, "stancebot_platform_errors_total", map[string]string{"kind": "rate_limited"}); ok {
		t.Error("a 429 is counted as a platform error too")
	}
}

func TestLatencyBuckets(t *testing.T) {
	m := New()
	m.CommandDone(bot.PlatformSlack, "help", "ok", 40*time.Millisecond)
	families, err := m.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "stancebot_command_duration_seconds" {
			continue
		}
		h := f.GetMetric()[0].GetHistogram()
		if got := h.GetSampleSum(); got < 0.039 || got > 0.041 {
			t.Errorf("sum %v s, want 0.04", got)
		}
		for _, b := range h.GetBucket() {
			if want := uint64(0); b.GetUpperBound() < 0.04 && b.GetCumulativeCount() != want {
				t.Errorf("bucket le=%v counts %d, want 0", b.GetUpperBound(), b.GetCumulativeCount())
			}
			if b.GetUpperBound() >= 0.05 && b.GetCumulativeCount() != 1 {
				t.Errorf("bucket le=%v counts %d, want 1", b.GetUpperBound(), b.GetCumulativeCount())
			}
		}
		return
	}
	t.Fatal("no latency histogram")
}

func TestLabelsBounded(t *testing.T) {
	m := New()
	for _, name := range []string{"Who Endorses", "", strings.Repeat("x", 40), "drop;table"} {
		m.CommandDone(bot.PlatformSlack, name, "ok", time.Millisecond)
	}
	if got, _ := value(t, m, "stancebot_commands_total", map[string]string{"command": "other"}); got != 4 {
		t.Errorf("malformed names counted as other: %v, want 4", got)
	}
	for i := range maxLabelValues + 10 {
		m.CommandDone(bot.PlatformSlack, "c"+strings.Repeat("x", i%30)+string(rune('a'+i/30)), "ok", time.Millisecond)
	}
	families, err := m.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() == "stancebot_commands_total" && len(f.GetMetric()) > maxLabelValues+1 {
			t.Errorf("%d command series, want at most %d", len(f.GetMetric()), maxLabelValues+1)
		}
	}
}

func TestGaugeFuncsAndHandler(t *testing.T) {
	m := New()
	size := 12.0
	if err := m.IndexSize(func() float64 { return size }); err != nil {
		t.Fatal(err)
	}
	ready := false
	if err := m.PlatformReady(bot.PlatformDiscord, func() bool { return ready }); err != nil {
		t.Fatal(err)
	}
	if err := m.IndexSize(func() float64 { return 0 }); err == nil {
		t.Error("registering the index size twice should fail")
	}
	m.CommandDone(bot.PlatformDiscord, "help", "ok", time.Millisecond)

	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	scrape := func() string {
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		return string(body)
	}
	first := scrape()
	for _, want := range []string{
		"stancebot_index_quotes 12\n",
		`stancebot_platform_ready{platform="discord"} 0` + "\n",
		`stancebot_commands_total{command="help",outcome="ok",platform="discord"} 1` + "\n",
		"go_goroutines ",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("scrape lacks %q", want)
		}
	}
	size, ready = 13, true
	second := scrape()
	for _, want := range []string{"stancebot_index_quotes 13\n", `stancebot_platform_ready{platform="discord"} 1` + "\n"} {
		if !strings.Contains(second, want) {
			t.Errorf("second scrape lacks %q", want)
		}
	}
}
