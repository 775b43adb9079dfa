package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/seeds"
)

// TestBenchRunsEveryMeasure runs the benchmark on a small generated dataset,
// measuring in this process instead of a child, and checks that every
// number the issue asks for is printed.
func TestBenchRunsEveryMeasure(t *testing.T) {
	if testing.Short() {
		t.Skip("builds stores and indexes")
	}
	data := t.TempDir()
	if err := seeds.WriteDir(data, genDataset(genSizes{People: 60, Strategies: 8, Quotes: 300}, 1)); err != nil {
		t.Fatal(err)
	}
	inProcess := func(ctx context.Context, dir string) (childResult, error) {
		var out bytes.Buffer
		if err := runBenchChild(ctx, dir, &out); err != nil {
			return childResult{}, err
		}
		var res childResult
		err := json.Unmarshal(out.Bytes(), &res)
		return res, err
	}
	var out bytes.Buffer
	if err := benchAll(context.Background(), &out, data, []int{100, 300, 1000}, 20, t.TempDir(), inProcess); err != nil {
		t.Fatal(err)
	}
	report := out.String()
	for _, want := range []string{
		"machine: ", "== 100 quotes", "== 300 quotes", "== 1000 quotes: skipped",
		"index build", "quotes/s", "index size", "start-up, existing index:",
		"/quote (Handle+render)  p50", "FTS5 search only", "p99 ratio bleve/FTS5", "in the top 3: bleve",
		"autocomplete            p50", "/whoendorses (rendered) p50", "/person (rendered)      p50", "peak RSS",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}

func TestBenchBadInput(t *testing.T) {
	for _, args := range [][]string{{}, {"--data", "x", "--sizes", "ten"}, {"--data", "x", "--ops", "1"}, {"--data", "x", "extra"}} {
		var out bytes.Buffer
		if err := runBench(context.Background(), args, nil, &out, &out); !errors.Is(err, errUsage) {
			t.Errorf("bench %v: %v, want a usage error", args, err)
		}
	}
}

func TestSummarize(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 200; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	s := summarize(ds)
	if s.P50 != 100*time.Millisecond || s.P99 != 198*time.Millisecond || s.Max != 200*time.Millisecond || s.N != 200 {
		t.Errorf("summarize = %+v", s)
	}
}

func TestFTSMatchQuotesEveryWord(t *testing.T) {
	for in, want := range map[string]string{
		`open source`:        `"open" OR "source"`,
		`"x" AND y* NEAR(z)`: `"x" OR "and" OR "y" OR "near" OR "z"`,
		`:::`:                `""`,
	} {
		if got := ftsMatch(in); got != want {
			t.Errorf("ftsMatch(%q) = %s, want %s", in, got, want)
		}
	}
}
