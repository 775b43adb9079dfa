package index

import (
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2"

	"github.com/stancebot/stancebot/bot"
)

// Sync indexes what the store recorded since the index last caught up with
// it, and returns how many quotes it (re)indexed (none while the index is
// built in the background: the build catches up when it is done). Call it after every store
// write: the store first, then the index. A crash in between leaves the index
// behind, never ahead, and the next Open or Sync catches up.
func (x *Index) Sync(ctx context.Context) (int, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return 0, fmt.Errorf("sync index %s: closed", x.dir)
	}
	if !x.ready.Load() {
		return 0, nil // being built: the build catches up itself
	}
	n, v, err := x.catchUp(ctx, x.bi, x.version.Load())
	if err != nil {
		return n, err
	}
	x.version.Store(v)
	return n, nil
}

// catchUp indexes into bi every quote changed after store version from, and
// the quotes whose person, strategy or stance changed, then records the
// store version reached in the index's metadata (last, so that a crash
// before it leaves the old, lower mark). It returns the quotes indexed and
// the version reached.
func (x *Index) catchUp(ctx context.Context, bi *dirIndex, from int64) (n int, to int64, err error) {
	target, err := x.st.Version(ctx)
	if err != nil {
		return 0, from, fmt.Errorf("sync index: store version: %w", err)
	}
	if target == from && from > 0 {
		return 0, from, nil // a full build (from 0) records its metadata even for an empty store
	}
	if target < from {
		return 0, from, fmt.Errorf("sync index: the store (version %d) is behind the index (version %d); reopen to rebuild", target, from)
	}
	var done map[string]bool // quotes indexed by this catch-up, when it is not a full build
	if from > 0 {
		done = map[string]bool{}
	}
	n, err = x.indexSince(ctx, bi, from, done)
	if err != nil {
		return n, from, err
	}
	if from > 0 {
		stale, err := x.staleQuotes(ctx, from, done)
		if err != nil {
			return n, from, err
		}
		for len(stale) > 0 {
			k := min(len(stale), x.opts.BatchSize)
			if err := x.indexIDs(ctx, bi, stale[:k]); err != nil {
				return n, from, err
			}
			n += k
			stale = stale[k:]
		}
	}
	b := bi.bleve.NewBatch()
	for k, v := range x.metaOps(target, bi, from == 0) {
		b.SetInternal([]byte(k), v)
	}
	if err := bi.bleve.Batch(b); err != nil {
		return n, from, fmt.Errorf("sync index: record store version %d: %w", target, err)
	}
	return n, target, nil
}

// indexSince indexes into bi every quote changed after store version
// after, a batch at a time, recording their ids in done when it is not
// nil, and returns how many it indexed. The next batch is read from the
// store and made into documents while bleve indexes the one before (a
// build then keeps both cores busy).
func (x *Index) indexSince(ctx context.Context, bi *dirIndex, after int64, done map[string]bool) (int, error) {
	type prepared struct {
		b   *bleve.Batch
		n   int
		err error
	}
	ctx, cancel := context.WithCancel(ctx)
	ch := make(chan prepared, 1)
	defer func() {
		cancel()
		for range ch { // the reader stops at the cancel; done is then the caller's alone
		}
	}()
	go func() {
		defer close(ch)
		for {
			qs, err := x.st.QuotesSince(ctx, after, x.opts.BatchSize)
			if err == nil && len(qs) == 0 {
				return
			}
			var p prepared
			if err != nil {
				p.err = fmt.Errorf("sync index: quotes since %d: %w", after, err)
			} else {
				ids := make([]string, len(qs))
				for i, q := range qs {
					ids[i] = q.Quote.ID
					if done != nil {
						done[q.Quote.ID] = true
					}
				}
				p.b, p.err = x.prepareBatch(ctx, bi, ids)
				p.n = len(ids)
				after = qs[len(qs)-1].Seq
			}
			select {
			case ch <- p:
			case <-ctx.Done():
				return
			}
			if p.err != nil {
				return
			}
		}
	}()
	n := 0
	for p := range ch {
		if p.err != nil {
			return n, p.err
		}
		if err := x.applyBatch(bi, p.b, p.n); err != nil {
			return n, err
		}
		n += p.n
	}
	return n, nil
}

// indexIDs (re)indexes the quotes with the given ids from the store, and
// removes those the store no longer has, in one batch.
func (x *Index) indexIDs(ctx context.Context, bi *dirIndex, ids []string) error {
	b, err := x.prepareBatch(ctx, bi, ids)
	if err != nil {
		return err
	}
	return x.applyBatch(bi, b, len(ids))
}

// prepareBatch reads the quotes with the given ids from the store, appends
// their rank documents to the rank file and their new words to the
// vocabulary, and returns the batch that (re)indexes them and removes those
// the store no longer has.
func (x *Index) prepareBatch(ctx context.Context, bi *dirIndex, ids []string) (*bleve.Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sync index: %w", err)
	}
	views, err := x.st.QuoteViews(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("sync index: quote views: %w", err)
	}
	ranks := make([]string, len(views))
	for i, v := range views {
		ranks[i] = x.encodeRankDoc(docValues(v))
	}
	ptrs, err := bi.ranks.appendDocs(ranks)
	if err != nil {
		return nil, fmt.Errorf("sync index: %w", err)
	}
	b := bi.bleve.NewBatch()
	seen := make(map[string]bool, len(views))
	var words []string
	for i, v := range views {
		seen[v.Quote.ID] = true
		doc, ws, err := x.document(v, ranks[i], ptrs[i])
		if err == nil {
			err = b.IndexAdvanced(doc)
		}
		if err != nil {
			return nil, fmt.Errorf("sync index: quote %s: %w", v.Quote.ID, err)
		}
		words = append(words, ws...)
	}
	if err := bi.words.add(words); err != nil {
		return nil, fmt.Errorf("sync index: %w", err)
	}
	for _, id := range ids {
		if !seen[id] {
			b.Delete(id)
		}
	}
	return b, nil
}

// applyBatch indexes a batch of n quotes of prepareBatch, once the rank
// records it points to and its words are on disk.
func (x *Index) applyBatch(bi *dirIndex, b *bleve.Batch, n int) error {
	if err := bi.ranks.sync(); err != nil {
		return fmt.Errorf("sync index: %w", err)
	}
	if err := bi.words.sync(); err != nil {
		return fmt.Errorf("sync index: %w", err)
	}
	if err := bi.bleve.Batch(b); err != nil {
		return fmt.Errorf("sync index: %w", err)
	}
	x.indexed.Add(int64(n))
	return nil
}

// staleQuotes returns the ids of quotes not in done whose indexed person,
// strategy or stance changed after store version from. Quotes of people and
// strategies new since then are all new themselves, so indexed already.
func (x *Index) staleQuotes(ctx context.Context, from int64, done map[string]bool) ([]string, error) {
	newPeople, newStrategies := map[string]bool{}, map[string]bool{}
	allOf := map[string]bool{}             // people all of whose quotes are stale
	someOf := map[string]map[string]bool{} // person -> strategies with a changed stance
	strategies := map[string]bool{}        // strategies all of whose quotes are stale
	for after := from; ; {
		cs, err := x.st.ChangesSince(ctx, after, x.opts.BatchSize)
		if err != nil {
			return nil, fmt.Errorf("sync index: changes since %d: %w", after, err)
		}
		if len(cs) == 0 {
			break
		}
		for _, c := range cs {
			switch c.Kind {
			case bot.ChangePersonNew:
				newPeople[c.PersonID] = true
			case bot.ChangeStrategyNew:
				newStrategies[c.StrategyID] = true
			case bot.ChangePersonChanged:
				allOf[c.PersonID] = true
			case bot.ChangeStrategyChanged:
				strategies[c.StrategyID] = true
			case bot.ChangeStanceNew, bot.ChangeStanceChanged, bot.ChangeStanceRetracted:
				if someOf[c.PersonID] == nil {
					someOf[c.PersonID] = map[string]bool{}
				}
				someOf[c.PersonID][c.StrategyID] = true
			}
		}
		after = cs[len(cs)-1].Seq
	}

	set := map[string]bool{}
	add := func(ids []string) {
		for _, id := range ids {
			if !done[id] {
				set[id] = true
			}
		}
	}
	for p := range allOf {
		if newPeople[p] {
			continue
		}
		ids, err := x.st.PersonQuoteIDs(ctx, p, nil)
		if err := skipGone(err); err != nil {
			return nil, fmt.Errorf("sync index: person %s: %w", p, err)
		}
		add(ids)
	}
	for p, strats := range someOf {
		if newPeople[p] || allOf[p] {
			continue
		}
		var on []string // a new strategy's quotes are all new, so indexed already
		for s := range strats {
			if !newStrategies[s] {
				on = append(on, s)
			}
		}
		if len(on) == 0 {
			continue
		}
		ids, err := x.st.PersonQuoteIDs(ctx, p, on)
		if err := skipGone(err); err != nil {
			return nil, fmt.Errorf("sync index: person %s: %w", p, err)
		}
		add(ids)
	}
	for s := range strategies {
		if newStrategies[s] {
			continue
		}
		ids, err := x.st.StrategyQuoteIDs(ctx, s)
		if err := skipGone(err); err != nil {
			return nil, fmt.Errorf("sync index: strategy %s: %w", s, err)
		}
		add(ids)
	}
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids, nil
}

// skipGone is err, but nil for a person or strategy the store no longer
// has: none of its quotes is left to reindex.
func skipGone(err error) error {
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		return nil
	}
	return err
}
