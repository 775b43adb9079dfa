package atlas

import (
	"context"
	"errors"
	"fmt"
	"runtime/metrics"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// Limits bound what reading one commit may take.
type Limits struct {
	// Time is how long evaluating the bundle may run (default 30s).
	Time time.Duration
	// Memory is how much the Go heap may grow while it runs (default 1 GiB).
	Memory uint64
	// SourceBytes is the most module source read from the tree (default 64 MiB).
	SourceBytes int64
	// OutputBytes is the largest JSON the evaluation may produce (default 64 MiB).
	OutputBytes int
}

// DefaultLimits are the limits used where none are given.
var DefaultLimits = Limits{Time: 30 * time.Second, Memory: 1 << 30, SourceBytes: 64 << 20, OutputBytes: 64 << 20}

func (l Limits) orDefaults() Limits {
	d := DefaultLimits
	if l.Time > 0 {
		d.Time = l.Time
	}
	if l.Memory > 0 {
		d.Memory = l.Memory
	}
	if l.SourceBytes > 0 {
		d.SourceBytes = l.SourceBytes
	}
	if l.OutputBytes > 0 {
		d.OutputBytes = l.OutputBytes
	}
	return d
}

// evaluate runs the bundle in a fresh goja runtime and returns the board
// data as JSON. It is interrupted when ctx is done, when it runs longer than
// lim.Time or when the heap grows by more than lim.Memory.
func evaluate(ctx context.Context, script string, lim Limits) ([]byte, error) {
	vm := goja.New()
	vm.SetMaxCallStackSize(10000)
	// The bundle ends with its source map, which goja reads from the last line.
	prg, err := goja.Compile("bundle.js", script, false)
	if err != nil {
		return nil, evalError(err)
	}
	ctx, cancel := context.WithTimeout(ctx, lim.Time)
	defer cancel()
	done := make(chan struct{})
	defer close(done)
	go watch(ctx, done, vm, lim)

	_, err = vm.RunProgram(prg)
	var v goja.Value
	if err == nil {
		v, err = vm.RunString("JSON.stringify(atlasBoard)")
	}
	if err != nil {
		var ie *goja.InterruptedError
		if errors.As(err, &ie) {
			if cause, ok := ie.Value().(error); ok {
				return nil, &ModuleError{Message: cause.Error(), Stage: "evaluate"}
			}
		}
		return nil, evalError(err)
	}
	s, ok := v.Export().(string)
	if !ok {
		return nil, &ModuleError{Message: "the board's modules exported nothing", Stage: "evaluate"}
	}
	if len(s) > lim.OutputBytes {
		return nil, &ModuleError{Message: fmt.Sprintf("the board data are %d bytes, more than the limit of %d", len(s), lim.OutputBytes), Stage: "evaluate"}
	}
	return []byte(s), nil
}

// watch interrupts vm when ctx is done or the heap outgrows lim.Memory,
// until done is closed.
func watch(ctx context.Context, done <-chan struct{}, vm *goja.Runtime, lim Limits) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() uint64 {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return sample[0].Value.Uint64()
	}
	base := heap()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				vm.Interrupt(fmt.Errorf("limit exceeded: evaluation ran longer than %s", lim.Time))
			} else {
				vm.Interrupt(fmt.Errorf("evaluation cancelled: %w", ctx.Err()))
			}
			return
		case <-tick.C:
			if h := heap(); h > base && h-base > lim.Memory {
				vm.Interrupt(fmt.Errorf("limit exceeded: evaluation grew the heap by more than %d MiB", lim.Memory>>20))
				return
			}
		}
	}
}

// evalError is the ModuleError for a goja error, at the innermost stack
// frame that the bundle's source map places in a repository file.
func evalError(err error) *ModuleError {
	e := &ModuleError{Message: err.Error(), Stage: "evaluate"}
	var ex *goja.Exception
	if errors.As(err, &ex) {
		if v := ex.Value(); v != nil {
			e.Message = v.String()
		}
		for _, f := range ex.Stack() {
			p := f.Position()
			if p.Filename == "" || p.Filename == "bundle.js" || strings.Contains(p.Filename, entryName) {
				continue
			}
			e.File = strings.TrimPrefix(p.Filename, namespace+":")
			e.Line, e.Column = p.Line, p.Column
			break
		}
	}
	var se *goja.CompilerSyntaxError
	if errors.As(err, &se) {
		e.Message = se.Message
	}
	return e
}
