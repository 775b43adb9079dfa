package gctune

import (
	"context"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 100},        // before the first collection: Go's default
		{5 << 20, 100},  // a small heap grows by MinHeadroom at most as by default
		{32 << 20, 100}, // MinHeadroom is what is live: as by default
		{64 << 20, 50},  // MinHeadroom is half of what is live
		{128 << 20, 25}, // from here on a quarter of what is live
		{1 << 30, 25},
	} {
		if got := Percent(tc.live); got != tc.want {
			t.Errorf("Percent(%d MiB) = %d, want %d", tc.live>>20, got, tc.want)
		}
	}
}

// gcPercent returns the GOGC in force.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestRunFollowsTheLiveHeap: Run sets GOGC from the live heap within a
// collection of its change: to 25 when 160 MiB become live, back to 100
// when they are freed; with GOGC in the environment, it leaves it as it is.
func TestRunFollowsTheLiveHeap(t *testing.T) {
	defer debug.SetGCPercent(gcPercent())
	runtime.GC()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); Run(ctx) }()
	waitFor := func(want int, live int) {
		t.Helper()
		runtime.GC()
		deadline := time.Now().Add(200 * time.Millisecond) // a collection's finalizers, not a poll
		for gcPercent() != want && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if got := gcPercent(); got != want {
			t.Errorf("GOGC %d after a collection with %d MiB live, want %d", got, live>>20, want)
		}
	}
	waitFor(100, 0)
	live := make([]byte, 160<<20)
	for i := range live {
		live[i] = byte(i)
	}
	waitFor(25, len(live))
	runtime.KeepAlive(live)
	live = nil
	waitFor(100, 0)
	cancel()
	<-done

	debug.SetGCPercent(100)
	t.Setenv("GOGC", "100")
	live = make([]byte, 160<<20)
	for i := range live {
		live[i] = byte(i)
	}
	runtime.GC()
	ctx, cancel = context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	start := time.Now()
	Run(ctx) // returns at once: the environment's GOGC stands
	if took := time.Since(start); took > time.Second {
		t.Errorf("Run with GOGC in the environment returned after %s, when its context ended", took)
	}
	if got := gcPercent(); got != 100 {
		t.Errorf("GOGC %d with GOGC=100 in the environment and %d MiB live", got, len(live)>>20)
	}
	runtime.KeepAlive(live)
}
