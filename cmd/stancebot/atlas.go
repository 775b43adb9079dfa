package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/stancebot/stancebot/atlas"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
)

// sourcesDir is where clones of followed repositories live, under the data dir.
const sourcesDir = "sources"

// atlasSource says which board repository to import and how.
type atlasSource struct {
	Name     string // the source's name in the store; "" is "atlas"
	Location string // a local path, or a URL to clone into <data>/sources/<name>
	Branch   string // for a URL: the branch followed ("" is the remote's default)
	Rev      string // a commit, branch or tag; "" is the head
	History  bool   // find each entity's first commit by walking the history
}

// atlasResult is what one import of the board did.
type atlasResult struct {
	Commit     atlas.Commit
	Board      bot.ImportCounts // what the commit holds
	Report     bot.ImportReport
	Match      atlas.MatchReport
	Merges     []atlas.Merge // people merged into others since the last import
	History    *atlas.Times  // with atlasSource.History: what the walk looked at
	Warnings   []string
	Read, Hist time.Duration // reading the commit; walking the history
	Import     time.Duration
}

// openAtlas opens the source's repository: a local one as it is, a URL as
// its clone in the data directory (cloned or fetched first).
func openAtlas(ctx context.Context, dataDir string, src atlasSource) (*atlas.Repo, error) {
	if atlas.IsURL(src.Location) {
		return atlas.Clone(ctx, src.Location, src.Branch, filepath.Join(dataDir, sourcesDir, src.Name))
	}
	return atlas.Open(src.Location)
}

// importAtlas reads one commit of the board's repository and imports it
// into the store: matched onto what the store holds (never duplicating a
// strategy or person), each new entity timed by its first commit (with
// History) or by the commit imported, and the commit recorded as the
// source's. A module that fails to load is an *atlas.ModuleError and
// nothing is imported.
func importAtlas(ctx context.Context, db *store.DB, repo *atlas.Repo, src atlasSource, log *slog.Logger) (res atlasResult, err error) {
	if src.Name == "" {
		src.Name = "atlas"
	}
	if res.Commit, err = repo.Resolve(src.Rev); err != nil {
		return res, err
	}
	start := time.Now()
	board, err := repo.Read(ctx, res.Commit, atlas.Limits{})
	if err != nil {
		return res, err
	}
	ds, warnings := board.Dataset()
	res.Warnings = warnings
	res.Read = time.Since(start)
	res.Board = bot.ImportCounts{Strategies: len(ds.Strategies), People: len(ds.People), Stances: len(ds.Stances), Quotes: len(ds.Quotes)}

	if src.History {
		start = time.Now()
		times, err := atlas.History(ctx, repo, res.Commit, atlas.Limits{})
		if err != nil {
			return res, fmt.Errorf("history: %w", err)
		}
		times.Apply(&ds)
		res.History, res.Hist = times, time.Since(start)
	}

	prev, known, err := db.Source(ctx, src.Name)
	if err != nil {
		return res, err
	}
	if known && prev.CommitID != res.Commit.ID {
		res.Merges = mergesSince(ctx, repo, prev.CommitID, ds, log)
	}

	cat, err := db.Catalog(ctx)
	if err != nil {
		return res, fmt.Errorf("read the store's catalog: %w", err)
	}
	ds, res.Match = atlas.MatchStore(ds, cat)
	start = time.Now()
	if res.Report, err = db.ImportFrom(ctx, ds, bot.ImportOptions{
		Source: src.Name, Revision: res.Commit.ID, SourceTime: res.Commit.Time, Snapshot: true,
	}); err != nil {
		return res, err
	}
	res.Import = time.Since(start)
	location := src.Location
	if !atlas.IsURL(location) {
		if abs, err := filepath.Abs(location); err == nil {
			location = abs // recorded so that it names the same repository from any directory
		}
	}
	if err := db.RecordSource(ctx, store.SourceRecord{Name: src.Name, Kind: "atlas", URL: location,
		Branch: repo.Branch(), CommitID: res.Commit.ID, CommitTime: res.Commit.Time}); err != nil {
		return res, err
	}
	log.InfoContext(ctx, "imported the board", "source", src.Name, "commit", res.Commit.Short(),
		"added", res.Report.Added.Total(), "changed", res.Report.Changed.Total(), "retracted", res.Report.Retracted.Total())
	return res, nil
}

// mergesSince reads the previously imported commit and finds the people
// merged into others since; a commit that cannot be read (a rewritten
// history) is logged and skipped: merges are reported, never needed.
func mergesSince(ctx context.Context, repo *atlas.Repo, prevID string, ds bot.Dataset, log *slog.Logger) []atlas.Merge {
	prevCommit, err := repo.Resolve(prevID)
	if err == nil {
		var prevBoard *atlas.Board
		if prevBoard, err = repo.Read(ctx, prevCommit, atlas.Limits{}); err == nil {
			prevDS, _ := prevBoard.Dataset()
			return atlas.Merges(prevDS, ds)
		}
	}
	log.WarnContext(ctx, "cannot read the commit imported last; merged people are not reported", "commit", prevID, "error", err)
	return nil
}

// printAtlasResult writes what an import of the board did.
func printAtlasResult(w io.Writer, src atlasSource, dir string, res atlasResult) {
	fmt.Fprintf(w, "imported %s commit %s (%s) from %s into %s\n", src.Name, res.Commit.Short(),
		res.Commit.Time.Format("2006-01-02 15:04 MST"), src.Location, dir)
	fmt.Fprintf(w, "  the commit holds: %s\n", positionsText(res.Board))
	fmt.Fprintf(w, "  added:     %s\n  changed:   %s\n  retracted: %s\n",
		positionsText(res.Report.Added), positionsText(res.Report.Changed), positionsText(res.Report.Retracted))
	for _, m := range res.Merges {
		fmt.Fprintf(w, "  merged upstream: %s\n", m)
	}
	for _, m := range res.Match.Matched {
		fmt.Fprintf(w, "  matched: %s\n", m)
	}
	if len(res.Match.StoreOnly) > 0 {
		fmt.Fprintf(w, "  in the store, not on the board (kept as they are): %s\n", strings.Join(res.Match.StoreOnly, ", "))
	}
	for _, a := range res.Match.Ambiguous {
		fmt.Fprintf(w, "  not matched: %s\n", a)
	}
	timing := fmt.Sprintf("read %s", res.Read.Round(time.Millisecond))
	if h := res.History; h != nil {
		timing += fmt.Sprintf(", history %s (%d commits, %d data states evaluated, %d that do not load skipped)",
			res.Hist.Round(time.Millisecond), h.Commits, h.Evaluated, h.Skipped)
	}
	fmt.Fprintf(w, "  %s, import %s\n", timing, res.Import.Round(time.Millisecond))
}

// positionsText is countsText with stances called positions, as the board does.
func positionsText(c bot.ImportCounts) string {
	return strings.ReplaceAll(strings.ReplaceAll(countsText(c), "stances", "positions"), "1 stance", "1 position")
}

// atlasFlags are the flags of `stancebot import atlas`.
type atlasFlags struct {
	rev, name string
	history   bool
}

func (f *atlasFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.rev, "rev", "", "atlas: the `COMMIT` (or branch, tag) to import; default: the head")
	fs.BoolVar(&f.history, "history", false, "atlas: walk the history to date each entity by the first commit holding it")
	fs.StringVar(&f.name, "name", "", "atlas: the source's `NAME` in the store, and its clone's folder (default \"atlas\")")
}

func (f atlasFlags) set() bool { return f.rev != "" || f.history || f.name != "" }

// runImportAtlas is `stancebot import atlas PATH|URL`: it imports one
// commit of the board's repository and prints what it added, changed and
// retracted.
func runImportAtlas(ctx context.Context, a *app, location string, f atlasFlags, stdout, stderr io.Writer) error {
	src := atlasSource{Name: f.name, Location: location, Rev: f.rev, History: f.history}
	if src.Name == "" {
		src.Name = "atlas"
	}
	if bot.Slug(src.Name) != src.Name {
		return fmt.Errorf("%w: --name %q: want a slug such as \"atlas\"", errUsage, src.Name)
	}
	repo, err := openAtlas(ctx, a.Dir, src)
	if err != nil {
		return badInput{err}
	}
	res, err := importAtlas(ctx, a.Store, repo, src, a.log)
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	var me *atlas.ModuleError
	switch {
	case errors.As(err, &me):
		return badInput{fmt.Errorf("%s refused, nothing imported: %w", location, err)}
	case bot.ErrorCode(err) == bot.EINVALID:
		return badInput{fmt.Errorf("import %s: %s", location, bot.ErrorMessage(err))}
	case err != nil:
		return fmt.Errorf("import %s: %w", location, err)
	}
	printAtlasResult(stdout, src, a.Dir, res)
	return nil
}
