package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/index"
	"github.com/stancebot/stancebot/seeds"
)

func init() {
	subcommands["bench"] = subcommand{
		summary: "measure latency, index build, start-up and memory: bench --data DIR (a dataset from gen)",
		run:     runBench,
	}
}

// benchSeed fixes the sub-datasets and workloads: runs are comparable.
const benchSeed = 7

// benchWorkFile is the file, in each size's directory, that hands the
// workloads to the measuring process.
const benchWorkFile = "work.json"

// runBench runs `stancebench bench`: for each size, a sub-dataset of --data
// is imported into a new store, indexed, and measured by a fresh process
// (start-up with the existing index, command latencies, recall, peak RSS);
// the same /quote words, and their paraphrases, run on SQLite FTS5 tables
// of the same quotes; the best recall any ranker can reach on them is
// computed from the generator's model.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("bench", flag.ContinueOnError)
	fset.SetOutput(stderr)
	data := fset.String("data", "", "the dataset `DIR`, e.g. written by stancebench gen (required)")
	sizesFlag := fset.String("sizes", "1000,10000,100000", "quote counts to measure at, comma separated")
	ops := fset.Int("ops", 500, "operations per measured workload")
	work := fset.String("work", "", "scratch `DIR` (default: a new temporary directory, removed afterwards)")
	child := fset.String("child", "", "internal: measure the store and index in this directory")
	if err := fset.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if *child != "" {
		return runBenchChild(ctx, *child, stdout)
	}
	if *data == "" || fset.NArg() != 0 {
		return fmt.Errorf("%w: give the dataset: stancebench bench --data DIR", errUsage)
	}
	var sizes []int
	for _, s := range strings.Split(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("%w: --sizes: %q is not a positive number", errUsage, s)
		}
		sizes = append(sizes, n)
	}
	if *ops < 10 {
		return fmt.Errorf("%w: --ops must be at least 10", errUsage)
	}

	return benchAll(ctx, stdout, *data, sizes, *ops, *work, runChild)
}

// measureFunc measures the store and index in a directory: runChild, in a
// fresh process.
type measureFunc func(ctx context.Context, dir string) (childResult, error)

// benchAll reads the dataset in data and measures each size, in
// subdirectories of work (a temporary directory when "").
func benchAll(ctx context.Context, stdout io.Writer, data string, sizes []int, ops int, work string, measure measureFunc) error {
	start := time.Now()
	ds, err := seeds.ReadDir(os.DirFS(data), ".")
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	fmt.Fprintf(stdout, "stancebench bench --data %s\n%s\n", data, machine())
	fmt.Fprintf(stdout, "dataset: %d strategies, %d people, %d stances, %d quotes (read in %s)\n",
		len(ds.Strategies), len(ds.People), len(ds.Stances), len(ds.Quotes), time.Since(start).Round(time.Millisecond))
	if ds.Board == nil || !ds.Board.Synthetic {
		fmt.Fprintln(stdout, "note: not a dataset written by stancebench gen")
	}

	root := work
	if root == "" {
		if root, err = os.MkdirTemp("", "stancebot-bench-"); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer os.RemoveAll(root)
	}
	for _, n := range sizes {
		if n > len(ds.Quotes) {
			fmt.Fprintf(stdout, "\n== %d quotes: skipped, the dataset has %d\n", n, len(ds.Quotes))
			continue
		}
		dir := filepath.Join(root, strconv.Itoa(n))
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		if err := benchSize(ctx, stdout, subDataset(ds, n, benchSeed), dir, ops, measure); err != nil {
			return err
		}
	}
	if rss, ok := peakRSS(); ok {
		fmt.Fprintf(stdout, "\npeak RSS of this process (dataset, imports, builds, FTS5): %s\n", mib(rss))
	}
	return nil
}

// benchSize measures one size: import, index build, index size, the FTS5
// baseline, then (measure) start-up, latencies and memory.
func benchSize(ctx context.Context, out io.Writer, ds bot.Dataset, dir string, ops int, measure measureFunc) error {
	n := len(ds.Quotes)
	fmt.Fprintf(out, "\n== %d quotes (%d people, %d strategies, %d stances)\n", n, len(ds.People), len(ds.Strategies), len(ds.Stances))
	quiet := slog.New(slog.DiscardHandler)
	db, err := store.Open(ctx, filepath.Join(dir, storeFile), store.Options{Logger: quiet})
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer db.Close()
	start := time.Now()
	if _, err := db.Import(ctx, ds); err != nil {
		return fmt.Errorf("bench: import: %w", err)
	}
	took := time.Since(start)
	fmt.Fprintf(out, "store import           %10s  (%.0f quotes/s)\n", took.Round(time.Millisecond), float64(n)/took.Seconds())

	ixDir := filepath.Join(dir, indexDir)
	start = time.Now()
	ix, err := index.Open(ctx, ixDir, db, index.Options{Logger: quiet})
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	took = time.Since(start)
	if err := ix.Close(); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	size, err := dirSize(ixDir)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	fmt.Fprintf(out, "index build            %10s  (%.0f quotes/s)   index size %s (with the segments merged away)\n", took.Round(time.Millisecond), float64(n)/took.Seconds(), mib(size))

	work := makeBenchWork(ds, ops, benchSeed)
	raw, err := json.Marshal(work)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, benchWorkFile), raw, 0o600); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	fts, err := benchFTS(ctx, db, ds, work, filepath.Join(dir, "fts5.db"))
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	start = time.Now()
	best := bestRecall(ds, work)
	bestTook := time.Since(start)

	res, err := measure(ctx, dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "index size once opened: %s\n", mib(res.IndexSize))
	fmt.Fprintf(out, "start-up, existing index: %s (store %s, index %s, bot %s, catalog %s); first command (/whoendorses) %s\n",
		fmtDur(res.OpenStore+res.OpenIndex+res.NewBot+res.LoadCatalog), fmtDur(res.OpenStore), fmtDur(res.OpenIndex),
		fmtDur(res.NewBot), fmtDur(res.LoadCatalog), fmtDur(res.FirstCommand))
	fmt.Fprintf(out, "FTS5 table (text, speaker) built in %s (%.0f quotes/s)\n", fts.Build.Round(time.Millisecond), float64(n)/fts.Build.Seconds())
	fmt.Fprintf(out, "/quote (Handle+render)     %s\n", res.Quote)
	fmt.Fprintf(out, "  recalled words (%d): top 3 has the quote they came from; best achievable %.1f%%\n", len(work.Quote), 100*best)
	fmt.Fprintf(out, "  bleve search             %s  recall@3 %5.1f%% (%.0f%% of best)\n", res.Search, 100*res.Recall, 100*res.Recall/max(best, 1e-9))
	fmt.Fprintf(out, "  FTS5 fair search         %s  recall@3 %5.1f%%\n", fts.Fair.Search, 100*fts.Fair.Recall)
	fmt.Fprintf(out, "  FTS5 fair search+card    %s\n", fts.Fair.Card)
	fmt.Fprintf(out, "  FTS5 OR search           %s  recall@3 %5.1f%%\n", fts.Or.Search, 100*fts.Or.Recall)
	fmt.Fprintf(out, "  FTS5 OR search+card      %s\n", fts.Or.Card)
	fmt.Fprintf(out, "  p99 ratio bleve/fair FTS5: search %.2f, /quote vs search+card %.2f\n",
		ratio(res.Search.P99, fts.Fair.Search.P99), ratio(res.Quote.P99, fts.Fair.Card.P99))
	fmt.Fprintf(out, "  paraphrases (%d): no model, no best\n", len(work.Paraphrase))
	fmt.Fprintf(out, "  bleve search             %s  recall@3 %5.1f%%\n", res.ParaphraseSearch, 100*res.ParaphraseRecall)
	fmt.Fprintf(out, "  FTS5 fair search         %s  recall@3 %5.1f%%\n", fts.FairPar.Search, 100*fts.FairPar.Recall)
	fmt.Fprintf(out, "  FTS5 OR search           %s  recall@3 %5.1f%%\n", fts.OrParaphrase.Search, 100*fts.OrParaphrase.Recall)
	fmt.Fprintf(out, "  (best achievable computed in %s)\n", bestTook.Round(time.Millisecond))
	fmt.Fprintf(out, "autocomplete            %s\n", res.Autocomplete)
	fmt.Fprintf(out, "/whoendorses (rendered) %s\n", res.WhoEndorses)
	fmt.Fprintf(out, "/person (rendered)      %s\n", res.Person)
	if res.PeakRSS > 0 {
		fmt.Fprintf(out, "peak RSS of the bot process: %s\n", mib(res.PeakRSS))
	}
	if res.RSSAnon+res.RSSFile > 0 {
		fmt.Fprintf(out, "RSS at the end: %s = %s anonymous (Go heap in use %s) + %s mapped files (index segments, database file)\n",
			mib(res.RSSAnon+res.RSSFile), mib(res.RSSAnon), mib(res.HeapInuse), mib(res.RSSFile))
	}
	return nil
}

// runChild measures the store and index in dir in a fresh process of this
// program (`stancebench bench --child DIR`).
func runChild(ctx context.Context, dir string) (childResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return childResult{}, fmt.Errorf("bench: %w", err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, exe, "bench", "--child", dir)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return childResult{}, fmt.Errorf("bench: measuring process: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var res childResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return childResult{}, fmt.Errorf("bench: measuring process: %w", err)
	}
	return res, nil
}

// machine describes where the benchmark runs.
func machine() string {
	cpu := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
		_ = f.Close()
	}
	return fmt.Sprintf("machine: %d CPUs (GOMAXPROCS %d), %s, %s %s/%s",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), cpu, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// dirSize is the total size of the files under dir.
func dirSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			total += info.Size()
		}
		return nil
	})
	return total, err
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
