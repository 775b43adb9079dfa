package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/config"
)

// startFollowers starts, in serve, one follower for each [[source]] of the
// configuration.
func startFollowers(cfg *config.Config, a *app, log *slog.Logger, start func(string, func(context.Context) error)) {
	for _, src := range cfg.Sources {
		log.Info("following a source", "source", src.Name, "url", src.URL, "branch", src.Branch, "every", src.Every)
		start("source "+src.Name, func(ctx context.Context) error {
			follow(ctx, a.Dir, a.Store, src, log.With("source", src.Name))
			return nil
		})
	}
}

// follow fetches the source now and then every src.Every until ctx is done,
// importing each new head of its branch. A failure (the network, a commit
// whose modules do not load) is logged and retried at the next tick: it
// never stops serve, and the store keeps what it had.
func follow(ctx context.Context, dataDir string, db *store.DB, src config.Source, log *slog.Logger) {
	tick := time.NewTicker(src.Every)
	defer tick.Stop()
	for {
		if _, err := followOnce(ctx, dataDir, db, src, log); err != nil && ctx.Err() == nil {
			log.Warn("following the source failed; retrying at the next fetch", "error", err, "next", src.Every)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// followOnce fetches the source and imports its branch's head when it is
// not the commit imported last; imported says whether it did.
func followOnce(ctx context.Context, dataDir string, db *store.DB, src config.Source, log *slog.Logger) (imported bool, err error) {
	as := atlasSource{Name: src.Name, Location: src.URL, Branch: src.Branch}
	repo, err := openAtlas(ctx, dataDir, as)
	if err != nil {
		return false, err
	}
	head, err := repo.Resolve("")
	if err != nil {
		return false, err
	}
	if rec, ok, err := db.Source(ctx, src.Name); err != nil {
		return false, err
	} else if ok && rec.CommitID == head.ID {
		log.Debug("the source has no new commit", "commit", head.Short())
		return false, nil
	}
	as.Rev = head.ID
	res, err := importAtlas(ctx, db, repo, as, log)
	if err != nil {
		return false, err
	}
	for _, w := range res.Warnings {
		log.Warn("the board holds what the bot cannot show", "warning", w)
	}
	for _, m := range res.Merges {
		log.Info("a person was merged upstream", "merge", m.String())
	}
	return true, nil
}
