package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// leftoverAge is how old an abandoned build directory (from a process that
// died while building) must be before Open removes it. Younger ones may
// belong to a process building right now.
const leftoverAge = time.Hour

// rebuild builds a new index of the whole store in a temporary directory
// beside x.dir and renames it into place. old, when not nil, is the stale
// index at x.dir: it stays open, and so locked against other processes,
// until the new one is ready. rebuild closes it. replace says x.dir holds an
// unreadable index to replace; otherwise, when x.dir appeared while building
// (another process built it), that one is kept.
func (x *Index) rebuild(ctx context.Context, old *dirIndex, replace bool) (n int, err error) {
	closeOld := func() {
		if old != nil {
			if cerr := old.Close(); cerr != nil {
				x.log.Warn("close stale index", "dir", x.dir, "err", cerr)
			}
			old = nil
		}
	}
	defer closeOld()

	parent, base := filepath.Dir(x.dir), filepath.Base(x.dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return 0, fmt.Errorf("build index: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, base+".build-")
	if err != nil {
		return 0, fmt.Errorf("build index: %w", err)
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(tmp)
		}
	}()
	b, err := bleve.NewUsing(tmp, x.im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return 0, fmt.Errorf("build index in %s: %w", tmp, err)
	}
	ranks, err := createRankFile(tmp, rankMemLimit)
	if err != nil {
		_ = b.Close()
		return 0, fmt.Errorf("build index in %s: %w", tmp, err)
	}
	words, err := createVocabulary(tmp)
	if err != nil {
		_ = b.Close()
		_ = ranks.close()
		return 0, fmt.Errorf("build index in %s: %w", tmp, err)
	}
	bi := &dirIndex{bleve: b, ranks: ranks, words: words}
	n, _, err = x.catchUp(ctx, bi, 0)
	if err == nil {
		err = compact(ctx, bi.bleve)
	}
	if cerr := bi.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("build index: close: %w", cerr)
	}
	if err != nil {
		return 0, err
	}
	replace = replace || old != nil
	closeOld()
	if !replace {
		if _, serr := os.Stat(x.dir); serr == nil {
			// Another process built the index meanwhile: keep theirs, which
			// Open then checks like any other.
			_ = os.RemoveAll(tmp)
			return n, nil
		}
	}
	if err := swapDir(tmp, x.dir); err != nil {
		return 0, err
	}
	return n, nil
}

// swapDir renames the directory tmp to dir, replacing dir if it exists.
func swapDir(tmp, dir string) error {
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("replace index %s: %w", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir)
		}
		return fmt.Errorf("replace index %s: %w", dir, err)
	}
	syncDir(filepath.Dir(dir))
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("remove replaced index %s: %w", old, err)
		}
	}
	return nil
}

// syncDir flushes a directory's entries (a rename) to disk, where the
// platform allows it.
func syncDir(dir string) {
	f, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = f.Sync()
	_ = f.Close()
}

// removeLeftovers removes build directories beside dir abandoned by
// processes that died while building.
func removeLeftovers(dir string, log *slog.Logger) {
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), base+".build-") {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < leftoverAge {
			continue
		}
		path := filepath.Join(parent, e.Name())
		if err := os.RemoveAll(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			log.Warn("remove abandoned index build", "dir", path, "err", err)
		}
	}
}

// compact merges a freshly built index into one segment: a search then
// looks each term up once instead of once per segment. scorch merges only
// segments it has persisted, and its single-segment plan stops at a budget
// of about two segments, ten at a time: so compact waits for scorch to
// settle (everything introduced persisted, and planned for merging), plans
// for one segment of all, and waits again, so that the merged snapshot is
// the one a reopened index loads.
func compact(ctx context.Context, bi bleve.Index) error {
	adv, err := bi.Advanced()
	if err != nil {
		return fmt.Errorf("build index: compact: %w", err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if err := settle(ctx, sc); err != nil {
		return fmt.Errorf("build index: compact: %w", err)
	}
	if err := sc.ForceMerge(ctx, &oneSegment); err != nil {
		return fmt.Errorf("build index: compact: %w", err)
	}
	if err := settle(ctx, sc); err != nil {
		return fmt.Errorf("build index: compact: %w", err)
	}
	return nil
}

// oneSegment plans a merge of all segments into one.
var oneSegment = func() mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.SegmentsPerMergeTask = math.MaxInt
	o.CalcBudget = func(int64, int64, *mergeplan.MergePlanOptions) int { return 1 }
	return o
}()

// settlePoll is how often settle looks at scorch's work.
const settlePoll = 5 * time.Millisecond

// settle waits until scorch's persister and merger have caught up with its
// current snapshot (its stat index_bgthreads_active is false).
func settle(ctx context.Context, sc *scorch.Scorch) error {
	for {
		if active, ok := sc.StatsMap()["index_bgthreads_active"].(bool); !ok || !active {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(settlePoll):
		}
	}
}
