// Package index is stancebot's full-text index of quotes, on bleve. It is
// derived from the store (the source of truth): Open rebuilds it when it is
// missing, unreadable or built by another schema or mapping, and catches it up
// when it is behind the store. Search implements bot.QuoteIndex: bleve
// keeps the postings, a file of the index's own the quotes' rank documents
// (rankfile.go), and the search plans and runs its own queries over both
// (query.go, match.go) on one snapshot.
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
	"github.com/blevesearch/bleve/v2/search/query"
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
	// keyRankSize is the rank file's size when the store version was
	// recorded: every pointer of the index is below it. keyRankBuilt is its
	// size when the index was built.
	keyRankSize  = []byte("stancebot.rank_size")
	keyRankBuilt = []byte("stancebot.rank_built")
	// keyWordsSize is the vocabulary file's size when the store version
	// was recorded: it holds every word of the indexed quotes.
	keyWordsSize = []byte("stancebot.words_size")
)

// rankSlack is how much the rank file may grow beyond twice its built size
// before Open rebuilds the index to drop the records of quotes indexed
// again: a small index is not rebuilt for a few edits.
const rankSlack = 1 << 20

// Options configures Open. Zero values take the defaults.
type Options struct {
	Logger *slog.Logger // nil: slog.Default()
	// LockTimeout is how long Open waits for another process to release the
	// index before failing with ErrInUse (default 1s).
	LockTimeout time.Duration
	// BatchSize is how many quotes are read from the store and indexed at a
	// time (default 10000).
	BatchSize int
	// Background makes Open return at once when the index must be built:
	// it is built in the background meanwhile, and Search says so until
	// it is done (a server answers everything else in the meantime).
	Background bool
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

	bi      *dirIndex    // set once, before ready
	ready   atomic.Bool  // bi is open and caught up at least once
	mu      sync.Mutex   // serialises Sync, Close and installing bi
	closed  bool         // under mu
	version atomic.Int64 // the store version the index reflects

	// A background build (Options.Background): building is closed when it
	// ends, cancel stops it, buildErr is why it failed, indexed counts the
	// quotes it has indexed so far.
	building chan struct{}
	cancel   context.CancelFunc
	buildErr atomic.Pointer[error]
	indexed  atomic.Int64
}

var _ bot.QuoteIndex = (*Index)(nil)

// Open opens the index in dir for the store st, rebuilding it from the store
// when it is missing, unreadable (it fails to open, panics opening, or does
// not answer a probe for a quote of the store), or of another schema or
// mapping (into a temporary directory, then renamed into place), and
// catching it up when it is behind the store. It fails with ErrInUse when
// another process has it open. With Options.Background, a build runs after
// Open returns.
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

	bi, reason, replace, err := x.openExisting(ctx)
	if err != nil {
		return nil, err
	}
	if reason == "" {
		if err := x.install(ctx, bi); err != nil {
			return nil, err
		}
		return x, nil
	}
	x.log.Info("building the quote index", "dir", dir, "reason", reason, "background", opts.Background)
	if !opts.Background {
		if bi, err = x.build(ctx, bi, replace); err != nil {
			return nil, err
		}
		if err := x.install(ctx, bi); err != nil {
			return nil, err
		}
		return x, nil
	}
	bctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	x.building, x.cancel = make(chan struct{}), cancel
	go func() {
		defer close(x.building)
		bi, err := x.build(bctx, bi, replace)
		if err == nil {
			err = x.install(bctx, bi)
		}
		if err != nil {
			x.buildErr.Store(&err)
			if bctx.Err() == nil {
				x.log.Error("building the quote index failed: /quote is unavailable until a restart", "dir", dir, "err", err)
			}
		}
	}()
	return x, nil
}

// openExisting opens the index in dir when it is current and answers,
// else returns why it must be rebuilt, the stale index to keep open (and
// locked) meanwhile, and whether dir holds an unreadable index to replace.
func (x *Index) openExisting(ctx context.Context) (bi *dirIndex, reason string, replace bool, err error) {
	bi, err = x.openDir(x.dir)
	switch {
	case errors.Is(err, ErrInUse):
		return nil, "", false, err
	case errors.Is(err, errMissing):
		return nil, "missing", false, nil
	case err != nil:
		return nil, fmt.Sprintf("unreadable: %v", err), true, nil
	}
	if reason, err = x.checkMeta(ctx, bi); err != nil {
		_ = bi.Close()
		return nil, "", false, err
	}
	if reason != "" {
		return bi, reason, false, nil
	}
	if perr := x.probe(ctx, bi); perr != nil {
		_ = bi.Close()
		return nil, fmt.Sprintf("unreadable: %v", perr), true, nil
	}
	return bi, "", false, nil
}

// build builds the index from the store (see rebuild) and opens it.
func (x *Index) build(ctx context.Context, old *dirIndex, replace bool) (*dirIndex, error) {
	start := time.Now()
	n, err := x.rebuild(ctx, old, replace)
	if err != nil {
		return nil, err
	}
	bi, err := x.openDir(x.dir)
	if err != nil {
		return nil, err
	}
	x.log.Info("quote index built", "dir", x.dir, "quotes", n, "took", time.Since(start).Round(time.Millisecond))
	reason, err := x.checkMeta(ctx, bi)
	if err == nil && reason != "" {
		err = fmt.Errorf("open index %s: the rebuilt index is not current: %s", x.dir, reason)
	}
	if err != nil {
		_ = bi.Close()
		return nil, err
	}
	return bi, nil
}

// install makes bi the index searched, caught up with the store.
func (x *Index) install(ctx context.Context, bi *dirIndex) error {
	x.mu.Lock()
	if x.closed {
		x.mu.Unlock()
		_ = bi.Close()
		return fmt.Errorf("open index %s: closed", x.dir)
	}
	x.bi = bi
	x.ready.Store(true)
	x.mu.Unlock()
	if _, err := x.Sync(ctx); err != nil {
		x.mu.Lock()
		x.ready.Store(false)
		x.closed = true
		_ = x.bi.Close()
		x.mu.Unlock()
		return err
	}
	removeLeftovers(x.dir, x.log)
	return nil
}

// errBuilding is the answer of a search while the index is built.
func (x *Index) errBuilding() error {
	if errp := x.buildErr.Load(); errp != nil {
		return bot.Errorf(bot.EINTERNAL, "Quote search is unavailable: its index could not be built (the operator has the details).")
	}
	return bot.Errorf(bot.EINTERNAL, "The quote index is being rebuilt (%d quotes so far); quote search is back in a minute or two. Every other command works meanwhile.", x.indexed.Load())
}

// Ready reports whether the index answers searches (false while it is
// built in the background).
func (x *Index) Ready() bool { return x.ready.Load() }

// probeQuotes is how many of the store's first quotes probe looks through
// for one that is current (not retracted).
const probeQuotes = 20

// probe checks that an index that opened answers: that it has the store's
// first current quote, when the index reflects it, and finds it by its
// person.
// bleve panics on some damaged segments: a panic is an error here.
func (x *Index) probe(ctx context.Context, bi *dirIndex) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("probe panicked: %v", r)
		}
	}()
	qs, err := x.st.QuotesSince(ctx, 0, probeQuotes)
	if err != nil {
		return fmt.Errorf("probe: store: %w", err)
	}
	var q bot.Quote
	for _, sq := range qs {
		if sq.Seq > x.version.Load() {
			break // the index is behind: nothing more it must already have
		}
		if vs, err := x.st.QuoteViews(ctx, []string{sq.Quote.ID}); err == nil && len(vs) == 1 {
			q = vs[0].Quote // a current quote: the index has it
			break
		}
	}
	if q.ID == "" {
		return nil
	}
	n, err := bi.bleve.DocCount()
	if err != nil || n == 0 {
		return fmt.Errorf("probe: %d quotes in the index (%v), the store has some", n, err)
	}
	byPerson := query.NewTermQuery(q.PersonID)
	byPerson.SetField(fieldPerson)
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{
		query.NewDocIDQuery([]string{q.ID}), byPerson,
	}), 1, 0, false)
	req.Fields = []string{fieldRank}
	res, err := bi.bleve.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	if len(res.Hits) != 1 {
		return fmt.Errorf("probe: quote %s is not found by its person", q.ID)
	}
	ptr, _ := res.Hits[0].Fields[fieldRank].(string)
	raw, err := bi.ranks.read(ptr)
	if err != nil {
		return fmt.Errorf("probe: quote %s: %w", q.ID, err)
	}
	var d rankDoc
	if err := decodeRankDoc(raw, &d); err != nil {
		return fmt.Errorf("probe: quote %s: %w", q.ID, err)
	}
	return nil
}

// dirIndex is an open index directory: bleve's index of the quotes, the
// rank file their rank fields point into and the vocabulary of their words.
type dirIndex struct {
	bleve bleve.Index
	ranks *rankFile
	words *vocabulary
}

// Close closes bleve's index, the rank file and the vocabulary.
func (d *dirIndex) Close() error {
	err := d.bleve.Close()
	if rerr := d.ranks.close(); err == nil {
		err = rerr
	}
	if werr := d.words.close(); err == nil {
		err = werr
	}
	return err
}

// openDir opens the index in dir, waiting at most LockTimeout for another
// process to release it.
func (x *Index) openDir(dir string) (*dirIndex, error) {
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return nil, errMissing
	}
	bi, err := openBleve(dir, x.opts.LockTimeout)
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("open index %s: %w (waited %s)", dir, ErrInUse, x.opts.LockTimeout)
	case err != nil:
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	ranks, err := openRankFile(dir, rankMemLimit)
	if err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	committed, err := internalInt(bi, keyWordsSize)
	if err != nil {
		committed = -1 // the vocabulary then calls for a rebuild
	}
	words, err := openVocabulary(dir, committed)
	if err != nil {
		_ = bi.Close()
		_ = ranks.close()
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	return &dirIndex{bleve: bi, ranks: ranks, words: words}, nil
}

// openBleve opens the bleve index in dir; a panic (zapx panics on some
// damaged segments) is an error.
func openBleve(dir string, lockTimeout time.Duration) (bi bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			bi, err = nil, fmt.Errorf("damaged index: %v", r)
		}
	}()
	return bleve.OpenUsing(dir, map[string]any{"bolt_timeout": lockTimeout.String()})
}

// checkMeta returns why the open index bi must be rebuilt, "" when it need
// not, and sets x.version to the store version it reflects.
func (x *Index) checkMeta(ctx context.Context, bi *dirIndex) (string, error) {
	schema, err := bi.bleve.GetInternal(keySchema)
	if err != nil {
		return fmt.Sprintf("unreadable metadata: %v", err), nil
	}
	if string(schema) != strconv.Itoa(schemaVersion) {
		return fmt.Sprintf("schema version %q, want %d", schema, schemaVersion), nil
	}
	hash, err := bi.bleve.GetInternal(keyMapping)
	if err != nil || string(hash) != x.hash {
		return fmt.Sprintf("mapping %q, want %s", hash, x.hash), nil
	}
	v, err := internalInt(bi.bleve, keyVersion)
	if err != nil {
		return fmt.Sprintf("unreadable store version: %v", err), nil
	}
	sv, err := x.st.Version(ctx)
	if err != nil {
		return "", fmt.Errorf("open index: store version: %w", err)
	}
	if v > sv {
		return fmt.Sprintf("index is ahead of the store (index %d, store %d)", v, sv), nil
	}
	if reason := checkRankFile(bi); reason != "" {
		return reason, nil
	}
	if bi.words.damage != "" {
		return "the vocabulary " + bi.words.damage, nil
	}
	x.version.Store(v)
	return "", nil
}

// checkRankFile returns why the rank file of bi calls for a rebuild: it is
// shorter than what the index points into (cut), or it has grown to over
// twice its size at the build, mostly with records of quotes indexed
// again. "" when neither.
func checkRankFile(bi *dirIndex) string {
	pointed, err := internalInt(bi.bleve, keyRankSize)
	if err != nil {
		return fmt.Sprintf("unreadable rank file size: %v", err)
	}
	built, err := internalInt(bi.bleve, keyRankBuilt)
	if err != nil {
		return fmt.Sprintf("unreadable rank file size: %v", err)
	}
	switch size := bi.ranks.size.Load(); {
	case size < pointed:
		return fmt.Sprintf("the rank file is cut short (%d bytes, the index points into %d)", size, pointed)
	case size > 2*built+rankSlack:
		return fmt.Sprintf("the rank file has grown to %d bytes from %d at the build (old records of quotes indexed again)", size, built)
	}
	return ""
}

// internalInt reads the number bleve's internal metadata holds at key.
func internalInt(bi bleve.Index, key []byte) (int64, error) {
	raw, err := bi.GetInternal(key)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", key, err)
	}
	return n, nil
}

// metaOps returns the internal metadata recording that the index reflects
// the store at version v, with the rank file and the vocabulary of bi as
// they are now (and, after a full build, the rank file's built size).
func (x *Index) metaOps(v int64, bi *dirIndex, built bool) map[string][]byte {
	size := []byte(strconv.FormatInt(bi.ranks.size.Load(), 10))
	ops := map[string][]byte{
		string(keySchema):    []byte(strconv.Itoa(schemaVersion)),
		string(keyMapping):   []byte(x.hash),
		string(keyVersion):   []byte(strconv.FormatInt(v, 10)),
		string(keyRankSize):  size,
		string(keyWordsSize): []byte(strconv.FormatInt(bi.words.size.Load(), 10)),
	}
	if built {
		ops[string(keyRankBuilt)] = size
	}
	return ops
}

// Version returns the store version (high-water mark) the index reflects.
func (x *Index) Version() int64 { return x.version.Load() }

// DocCount returns the number of quotes in the index.
func (x *Index) DocCount() (uint64, error) {
	if !x.ready.Load() {
		return 0, fmt.Errorf("index doc count: %w", x.errBuilding())
	}
	n, err := x.bi.bleve.DocCount()
	if err != nil {
		return 0, fmt.Errorf("index doc count: %w", err)
	}
	return n, nil
}

// Close closes the index, releasing it for other processes; a background
// build is stopped first.
func (x *Index) Close() error {
	if x.cancel != nil {
		x.cancel()
		<-x.building
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return nil
	}
	x.closed = true
	if x.bi == nil {
		return nil
	}
	if err := x.bi.Close(); err != nil {
		return fmt.Errorf("close index %s: %w", x.dir, err)
	}
	return nil
}

// WaitReady waits until a background build is done: nil when the index
// answers searches, the build's error when it failed.
func (x *Index) WaitReady(ctx context.Context) error {
	if x.building == nil {
		return nil
	}
	select {
	case <-x.building:
		if errp := x.buildErr.Load(); errp != nil {
			return *errp
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for the quote index: %w", ctx.Err())
	}
}
