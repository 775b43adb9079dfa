package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/digest"
	"github.com/stancebot/stancebot/index"
	"github.com/stancebot/stancebot/seeds"
)

// The files of a data directory: the store (the whole state), the quote
// index derived from it, and the console's history.
const (
	storeFile   = "stancebot.db"
	indexDir    = "quotes.bleve"
	historyFile = "console_history" // the console's line history
)

// appOptions says how to open the data directory.
type appOptions struct {
	DataDir  string       // "": defaultDataDir()
	Logger   *slog.Logger // nil: discard
	Observer bot.Observer // nil: no metrics
	Limits   bot.Limits
	// ProposalsPerDay is bot.Options.ProposalsPerDay: 0 the default, a
	// negative number no limit.
	ProposalsPerDay int
	// DraftLifetime is bot.Options.DraftLifetime: 0 the default.
	DraftLifetime time.Duration
	Now           func() time.Time // nil: time.Now
	// DigestZone and DigestTime are the defaults of /digest subscribe
	// (nil and "": UTC and 09:00).
	DigestZone *time.Location
	DigestTime string
	// WithoutIndex opens no quote index (/quote and /sources then say search
	// is unavailable). Commands that only read or write the store use it, so
	// they can run while serve holds the index; whoever opens the index next,
	// or serve's periodic sync, catches it up with the store.
	WithoutIndex bool
	// IndexInBackground returns before a quote index that must be built is
	// built: /quote says it is being rebuilt meanwhile (serve).
	IndexInBackground bool
}

// app is an opened data directory: the store (seeded from the embedded
// dataset when new), the quote index and the bot over them.
type app struct {
	Dir   string
	Store *store.DB
	Bot   *bot.Bot
	// Index is the quote index (under Dir), caught up with the store.
	// After a store write, call Index.Sync: the store first, then the index.
	Index *index.Index
	// Digests are the channels' daily digests; /digest is registered on Bot.
	Digests *digest.Service

	log *slog.Logger
}

// openApp opens (creating when needed) the data directory, its store and
// the bot. A store with nothing in it (Version 0) is first seeded with the
// embedded default dataset.
func openApp(ctx context.Context, opts appOptions) (a *app, err error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	dir := opts.DataDir
	if dir == "" {
		if dir, err = defaultDataDir(); err != nil {
			return nil, fmt.Errorf("open app: %w", err)
		}
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("open app: data dir: %w", err)
	}
	path := filepath.Join(dir, storeFile)
	fresh, err := checkStoreFile(path)
	if err != nil {
		return nil, fmt.Errorf("open app: %w", err)
	}
	db, err := store.Open(ctx, path, store.Options{Now: opts.Now, Logger: opts.Logger})
	if err != nil {
		return nil, fmt.Errorf("open app: %w (if %s is not a stancebot store, restore it from a backup or move it away to start a new one)", err, path)
	}
	opened := &app{Dir: dir, Store: db, log: opts.Logger}
	defer func() {
		if err != nil { // close what was opened; the named result is already nil
			err = errors.Join(err, opened.Close())
		}
	}()
	if err := seedIfNew(ctx, db, fresh, opts.Logger); err != nil {
		return nil, fmt.Errorf("open app: %w", err)
	}
	botOpts := bot.Options{
		Store:    db,
		Logger:   opts.Logger,
		Now:      opts.Now,
		Observer: opts.Observer,
		Limits:   opts.Limits,
		// Positions recorded from the chat are kept in the same store.
		Community:       db,
		ProposalsPerDay: opts.ProposalsPerDay,
		DraftLifetime:   opts.DraftLifetime,
	}
	if !opts.WithoutIndex {
		if opened.Index, err = index.Open(ctx, filepath.Join(dir, indexDir), db, index.Options{Logger: opts.Logger, Background: opts.IndexInBackground}); err != nil {
			return nil, fmt.Errorf("open app: %w", err)
		}
		botOpts.Index = opened.Index
	}
	if opened.Bot, err = bot.New(botOpts); err != nil {
		return nil, fmt.Errorf("open app: %w", err)
	}
	if opened.Digests, err = digest.New(digest.Options{Store: digest.NewStore(db), Finder: opened.Bot, Zone: opts.DigestZone,
		Time: opts.DigestTime, Logger: opts.Logger, Observer: opts.Observer}); err != nil {
		return nil, fmt.Errorf("open app: %w", err)
	}
	if err := opened.Bot.Register(opened.Digests.Command()); err != nil {
		return nil, fmt.Errorf("open app: %w", err)
	}
	if err := opened.Bot.Register(opened.Bot.VerifyCommand(db)); err != nil {
		return nil, fmt.Errorf("open app: %w", err)
	}
	return opened, nil
}

// checkStoreFile looks at the store's file before it is opened, and reports
// whether there is none yet (a new data directory, to be seeded). A file
// that exists but is empty or cannot be read is an error naming it and what
// to do: SQLite would take an empty file for a new store, and seeding it
// would silently lose every subscription.
func checkStoreFile(path string) (bool, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, nil
	case err != nil:
		return false, fmt.Errorf("store %s cannot be read: %w; give the user running stancebot read and write access to it", path, err)
	case !fi.Mode().IsRegular():
		return false, fmt.Errorf("store %s is not a regular file; move it away (a new store is then created and seeded) or point [data] dir elsewhere", path)
	case fi.Size() == 0:
		return false, fmt.Errorf("store %s is empty (0 bytes), not a stancebot store: restore it from a backup, "+
			"or delete it to start a new store seeded with the default dataset (its subscriptions are lost)", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return false, fmt.Errorf("store %s cannot be read: %w; give the user running stancebot read and write access to it", path, err)
	}
	defer f.Close()
	if _, err := f.Read(make([]byte, 1)); err != nil {
		return false, fmt.Errorf("store %s cannot be read: %w; check the disk, or restore the file from a backup", path, err)
	}
	return false, nil
}

// seedIfNew imports the embedded default dataset into a store that was
// just created, or that exists but never recorded anything and has no
// subscription (a first start that died while seeding): it has nothing to lose.
func seedIfNew(ctx context.Context, db *store.DB, fresh bool, log *slog.Logger) error {
	v, err := db.Version(ctx)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if v != 0 {
		return nil
	}
	if !fresh {
		subs, err := digest.NewStore(db).DigestSubscriptions(ctx)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		if len(subs) > 0 {
			return nil
		}
	}
	ds, err := seeds.Default()
	if err != nil {
		return fmt.Errorf("seed: embedded dataset: %w", err)
	}
	rep, err := db.Import(ctx, ds)
	if err != nil {
		return fmt.Errorf("seed: import embedded dataset: %w", err)
	}
	log.InfoContext(ctx, "seeded a new store from the embedded dataset",
		slog.Int("strategies", rep.Added.Strategies), slog.Int("people", rep.Added.People),
		slog.Int("stances", rep.Added.Stances), slog.Int("quotes", rep.Added.Quotes))
	return nil
}

// Close closes what openApp opened.
func (a *app) Close() error {
	var errs []error
	if a.Index != nil {
		if err := a.Index.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close index: %w", err))
		}
	}
	if a.Store != nil {
		if err := a.Store.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close store: %w", err))
		}
	}
	return errors.Join(errs...)
}

// closeInto closes a, and sets *err to the close's error when *err is nil:
// a subcommand with a named error result defers a.closeInto(&err).
func (a *app) closeInto(err *error) {
	if cerr := a.Close(); cerr != nil && *err == nil {
		*err = cerr
	}
}

// defaultDataDir is the stancebot folder in the user's data directory:
// $XDG_DATA_HOME/stancebot, else ~/.local/share/stancebot (on Windows
// %LocalAppData%\stancebot).
func defaultDataDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "stancebot"), nil
	}
	if d := os.Getenv("LocalAppData"); runtime.GOOS == "windows" && d != "" {
		return filepath.Join(d, "stancebot"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("default data dir: %w (use --data DIR)", err)
	}
	return filepath.Join(home, ".local", "share", "stancebot"), nil
}
