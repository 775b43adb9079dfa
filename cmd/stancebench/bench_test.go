package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
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
		"/quote (Handle+render)     p50", "FTS5 fair search ", "FTS5 OR search ", "p99 ratio bleve/fair FTS5", "best achievable", "paraphrases",
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
		if err := runBench(context.Background(), args, &out, &out); !errors.Is(err, errUsage) {
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
	for _, tt := range []struct {
		in, prefixes, op, want string
	}{
		{`open source`, "", " OR ", `"open" OR "source"`},
		{`"x" AND y* NEAR(z)`, "", " OR ", `"x" OR "and" OR "y" OR "near" OR "z"`},
		{`open source`, "regulaton", " AND ", `"open" AND "source" AND "regu"*`},
		{`:::`, "", " OR ", `""`},
	} {
		if got := ftsMatch(ftsWords(tt.in), ftsWords(tt.prefixes), tt.op); got != tt.want {
			t.Errorf("ftsMatch(%q, %q) = %s, want %s", tt.in, tt.prefixes, got, tt.want)
		}
	}
}

// TestBestRecall: on a corpus where the words name their quote alone the
// best recall is 1; where two quotes are the same, it is still 1 (top 3);
// where four are, 3/4.
func TestBestRecall(t *testing.T) {
	ds := bot.Dataset{People: []bot.Person{{ID: "a", Name: "Ada Abara"}}}
	for i, text := range []string{"alpha beta gamma", "delta epsilon zeta", "delta epsilon zeta", "kappa lambda sigma",
		"kappa lambda sigma", "kappa lambda sigma", "kappa lambda sigma"} {
		ds.Quotes = append(ds.Quotes, bot.Quote{ID: fmt.Sprint(i), PersonID: "a", Text: text})
	}
	for _, tt := range []struct {
		words, source string
		want          float64
	}{
		{"gamma alpha", "0", 1},
		{"zeta delta", "1", 1},
		{"lambda kappa sigma", "3", 0.75},
		{"gamma alpha abara", "0", 1},
	} {
		w := benchWork{Quote: []string{tt.words}, QuoteSource: []string{tt.source}}
		if got := bestRecall(ds, w); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%q: best recall %.3f, want %.3f", tt.words, got, tt.want)
		}
	}
}

func TestParaphraseIsNotACopy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := "Frontier labs should publish weights so that independent scientists can audit them."
	for i := 0; i < 50; i++ {
		p := paraphrase(rng, text, "Ada Abara", map[string]bool{"that": true, "can": true, "should": true, "them": true})
		if n := len(strings.Fields(p)); n < 3 || n > 4 || strings.Contains(strings.ToLower(text), p) {
			t.Fatalf("paraphrase %q", p)
		}
	}
}
