// Package gctune sets the garbage collector of a long-running bot process,
// whose heap is mostly its catalog of people and strategies. Go's default
// (GOGC=100) lets the heap grow by as much as is live before it collects:
// with the catalog of 100k people live, about 70 MiB of garbage held for
// nothing. Run keeps the growth to a quarter of the live heap instead, but
// never less than MinHeadroom, so that a small heap (a small dataset) is
// collected as by default and is not collected all the time.
package gctune

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// MinHeadroom is the least the heap may grow by between two collections.
const MinHeadroom = 32 << 20

// headroomShare is the heap's growth between two collections, as a share
// of the live heap, above MinHeadroom.
const headroomShare = 4 // a quarter

// defaultPercent is Go's own GOGC, the most Percent returns.
const defaultPercent = 100

// Percent returns the GOGC that lets a heap of live bytes grow by a quarter
// of them before the next collection, or by MinHeadroom if that is more;
// never more than Go's default, 100.
func Percent(live uint64) int {
	if live == 0 {
		return defaultPercent
	}
	headroom := max(live/headroomShare, MinHeadroom)
	return int(min(defaultPercent, headroom*100/live))
}

// Run sets GOGC from the live heap (as the last collection measured it)
// now and after every collection until ctx is done, so that it follows a
// heap that grows fast (the catalog loaded at start: with Go's default
// until then, the heap reached twice the catalog first). When the
// environment sets GOGC it returns at once: the operator's setting stands.
func Run(ctx context.Context) {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	t := &tuner{ctx: ctx, last: defaultPercent}
	t.tune()
	<-ctx.Done()
}

// tuner sets GOGC after each collection: a collection finds the sentinel
// of the last one unreachable and runs its finalizer, which tunes and arms
// a new one, until ctx is done.
type tuner struct {
	ctx  context.Context
	last int // the GOGC set last; finalizers run one at a time
}

// sentinel is what each collection frees; it holds a pointer so that it is
// an allocation of its own (the runtime batches small pointer-free ones).
type sentinel struct{ _ *int }

func (t *tuner) tune() {
	if t.ctx.Err() != nil {
		return
	}
	if p := Percent(liveHeap()); p != t.last {
		debug.SetGCPercent(p)
		t.last = p
	}
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) { t.tune() })
}

// liveHeap returns the bytes of heap the last collection found live (0
// before the first).
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
