// Package index is stancebot's full-text index of quotes, on bleve. It is
// derived from the store (the source of truth): Open rebuilds it when it is
// missing, unreadable or built by another schema or mapping, and catches it up
// when it is behind the store. Search implements bot.QuoteIndex.
package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/stancebot/stancebot/bot"
)

// ErrInUse is returned by Open when another process has the index open.
var ErrInUse = errors.New("index is in use by another process")

// errMissing means there is no index in the directory yet.
var errMissing = errors.New("no index")

// Keys of the index's internal metadata.
var (
	keySchema  = []byte("stancebot.schema")
	keyMapping = []byte("stancebot.mapping")
	keyVersion = []byte("stancebot.store_version")
)

// Options configures Open. Zero values take the defaults.
type Options struct {
	Logger *slog.Logger // nil: slog.Default()
	// LockTimeout is how long Open waits for another process to release the
	// index before failing with ErrInUse (default 1s).
	LockTimeout time.Duration
	// BatchSize is how many quotes are read from the store and indexed at a
	// time (default 10000).
	BatchSize int
}

// Index is the quote index of one store. It is safe for concurrent use.
type Index struct {
	dir  string
	st   bot.Store
	log  *slog.Logger
	opts Options

	im   *mapping.IndexMappingImpl
	hash string
	// The mapping's analyzers of words (unstemmed), stems ("en") and
	// names, each with its pipeline on reused buffers for the rank
	// documents (analyze.go, rankdoc.go), and the buffers of searches and
	// of encoding.
	wordsPipe, stemPipe, namePipe *pipeline
	scratch                       sync.Pool // *rerankScratch
	encodeBufs                    sync.Pool // *[3]tokenBuf, for encodeRankDoc

	// commonMinDocs and commonMinDF are the constants of the same names
	// (see plan); tests lower them.
	commonMinDocs, commonMinDF uint64

	bi      bleve.Index
	mu      sync.Mutex   // serialises Sync and Close
	closed  bool         // under mu
	version atomic.Int64 // the store version the index reflects
}

var _ bot.QuoteIndex = (*Index)(nil)

// Open opens the index in dir for the store st, rebuilding it from the store
// when it is missing, unreadable, or of another schema or mapping (into a
// temporary directory, then renamed into place), and catching it up when it is
// behind the store. It fails with ErrInUse when another process has it open.
func Open(ctx context.Context, dir string, st bot.Store, opts Options) (*Index, error) {
	if st == nil {
		return nil, fmt.Errorf("open index %s: no store", dir)
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = time.Second
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 10000
	}
	im, err := newMapping()
	if err != nil {
		return nil, err
	}
	hash, err := mappingHash(im)
	if err != nil {
		return nil, err
	}
	x := &Index{dir: dir, st: st, log: opts.Logger, opts: opts, im: im, hash: hash, commonMinDocs: commonMinDocs, commonMinDF: commonMinDF}
	for _, a := range []struct {
		pipe     **pipeline
		analyzer string
	}{{&x.wordsPipe, analyzerWords}, {&x.stemPipe, en.AnalyzerName}, {&x.namePipe, analyzerName}} {
		if *a.pipe, err = newPipeline(im.AnalyzerNamed(a.analyzer)); err != nil {
			return nil, fmt.Errorf("open index %s: analyzer %s: %w", dir, a.analyzer, err)
		}
	}
	x.scratch.New = func() any { return new(rerankScratch) }
	x.encodeBufs.New = func() any { return new([3]tokenBuf) }

	bi, err := x.openDir(dir)
	var reason string
	replace := false
	switch {
	case errors.Is(err, ErrInUse):
		return nil, err
	case errors.Is(err, errMissing):
		reason = "missing"
	case err != nil:
		reason, replace = fmt.Sprintf("unreadable: %v", err), true
	default:
		reason, err = x.checkMeta(ctx, bi)
		if err != nil {
			_ = bi.Close()
			return nil, err
		}
	}
	if reason != "" {
		x.log.Info("building the quote index", "dir", dir, "reason", reason)
		start := time.Now()
		n, err := x.rebuild(ctx, bi, replace)
		if err != nil {
			return nil, err
		}
		if bi, err = x.openDir(dir); err != nil {
			return nil, err
		}
		x.log.Info("quote index built", "dir", dir, "quotes", n, "took", time.Since(start).Round(time.Millisecond))
		if reason, err = x.checkMeta(ctx, bi); err != nil {
			_ = bi.Close()
			return nil, err
		}
		if reason != "" {
			_ = bi.Close()
			return nil, fmt.Errorf("open index %s: the rebuilt index is not current: %s", dir, reason)
		}
	}
	x.bi = bi
	if _, err := x.Sync(ctx); err != nil {
		_ = bi.Close()
		return nil, err
	}
	removeLeftovers(dir, x.log)
	return x, nil
}

// openDir opens the bleve index in dir, waiting at most LockTimeout for
// another process to release it.
func (x *Index) openDir(dir string) (bleve.Index, error) {
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return nil, errMissing
	}
	bi, err := bleve.OpenUsing(dir, map[string]any{"bolt_timeout": x.opts.LockTimeout.String()})
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("open index %s: %w (waited %s)", dir, ErrInUse, x.opts.LockTimeout)
	case err != nil:
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	return bi, nil
}

// checkMeta returns why the open index bi must be rebuilt, "" when it need
// not, and sets x.version to the store version it reflects.
func (x *Index) checkMeta(ctx context.Context, bi bleve.Index) (string, error) {
	schema, err := bi.GetInternal(keySchema)
	if err != nil {
		return fmt.Sprintf("unreadable metadata: %v", err), nil
	}
	if string(schema) != strconv.Itoa(schemaVersion) {
		return fmt.Sprintf("schema version %q, want %d", schema, schemaVersion), nil
	}
	hash, err := bi.GetInternal(keyMapping)
	if err != nil || string(hash) != x.hash {
		return fmt.Sprintf("mapping %q, want %s", hash, x.hash), nil
	}
	raw, err := bi.GetInternal(keyVersion)
	if err != nil {
		return fmt.Sprintf("unreadable store version: %v", err), nil
	}
	v, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return fmt.Sprintf("store version %q: %v", raw, err), nil
	}
	sv, err := x.st.Version(ctx)
	if err != nil {
		return "", fmt.Errorf("open index: store version: %w", err)
	}
	if v > sv {
		return fmt.Sprintf("index is ahead of the store (index %d, store %d)", v, sv), nil
	}
	x.version.Store(v)
	return "", nil
}

// metaOps returns the internal metadata recording that the index reflects
// the store at version v.
func (x *Index) metaOps(v int64) map[string][]byte {
	return map[string][]byte{
		string(keySchema):  []byte(strconv.Itoa(schemaVersion)),
		string(keyMapping): []byte(x.hash),
		string(keyVersion): []byte(strconv.FormatInt(v, 10)),
	}
}

// Version returns the store version (high-water mark) the index reflects.
func (x *Index) Version() int64 { return x.version.Load() }

// DocCount returns the number of quotes in the index.
func (x *Index) DocCount() (uint64, error) {
	n, err := x.bi.DocCount()
	if err != nil {
		return 0, fmt.Errorf("index doc count: %w", err)
	}
	return n, nil
}

// Close closes the index, releasing it for other processes.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return nil
	}
	x.closed = true
	if err := x.bi.Close(); err != nil {
		return fmt.Errorf("close index %s: %w", x.dir, err)
	}
	return nil
}
