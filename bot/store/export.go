package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// Export returns the whole store as a dataset, from one snapshot, in a
// stable order: strategies, people, stories, canonical strategies and
// stated aggregates by id; stances by person then strategy; quotes by
// person, strategy, then id; lists as stored. Retracted stances and quotes
// are not current and are left out. RecordedAt is left zero: it is the store's, not the
// dataset's. Importing the result into an empty store and exporting again
// gives the same dataset.
func (db *DB) Export(ctx context.Context) (bot.Dataset, error) {
	var ds bot.Dataset
	err := db.Read(ctx, func(tx *sql.Tx) error {
		var err error
		if ds.Board, err = db.board(ctx, tx); err != nil {
			return err
		}
		if ds.Strategies, err = db.allStrategies(ctx, tx); err != nil {
			return err
		}
		for i := range ds.Strategies {
			ds.Strategies[i].RecordedAt = time.Time{}
		}
		if ds.People, err = db.allPeople(ctx, tx); err != nil {
			return err
		}
		for i := range ds.People {
			ds.People[i].RecordedAt = time.Time{}
			for j := range ds.People[i].PDoomClaims {
				ds.People[i].PDoomClaims[j].RecordedAt = time.Time{}
			}
		}
		if ds.Stances, err = exportStances(ctx, tx); err != nil {
			return err
		}
		if ds.Quotes, err = exportQuotes(ctx, tx); err != nil {
			return err
		}
		if ds.Stories, err = exportStories(ctx, tx); err != nil {
			return err
		}
		if ds.Canonical, err = db.allCanonical(ctx, tx); err != nil {
			return err
		}
		ds.Stated, err = db.allStated(ctx, tx)
		return err
	})
	if err != nil {
		return bot.Dataset{}, fmt.Errorf("export: %w", err)
	}
	return ds, nil
}

func exportStances(ctx context.Context, tx *sql.Tx) ([]bot.Stance, error) {
	var (
		out []bot.Stance
		x   stanceScan
	)
	rows, err := tx.QueryContext(ctx, `SELECT `+stanceRow+` FROM stances st WHERE st.retracted_seq = 0
		ORDER BY st.person_id, st.strategy_id`)
	err = queryAll(rows, err, x.dest(), func() error {
		st, err := x.mustStance()
		st.RecordedAt, st.Source = time.Time{}, ""
		out = append(out, st)
		return err
	})
	return out, err
}

func exportQuotes(ctx context.Context, tx *sql.Tx) ([]bot.Quote, error) {
	var (
		out []bot.Quote
		x   quoteScan
	)
	rows, err := tx.QueryContext(ctx, `SELECT `+quoteRow+` FROM quotes q WHERE q.retracted_seq = 0
		ORDER BY q.person_id, q.strategy_id, q.id`)
	err = queryAll(rows, err, x.dest(), func() error {
		q, err := x.quote()
		q.RecordedAt, q.Dispute = time.Time{}, nil
		out = append(out, q)
		return err
	})
	return out, err
}

func exportStories(ctx context.Context, tx *sql.Tx) ([]bot.Story, error) {
	var (
		ids []string
		id  string
	)
	rows, err := tx.QueryContext(ctx, `SELECT id FROM stories ORDER BY id`)
	if err := queryAll(rows, err, []any{&id}, func() error { ids = append(ids, id); return nil }); err != nil {
		return nil, err
	}
	out := make([]bot.Story, 0, len(ids))
	for _, id := range ids {
		s, _, err := loadStory(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// loadStory reads one story with its sections and replies, in stored order.
func loadStory(ctx context.Context, tx *sql.Tx, id string) (bot.Story, bool, error) {
	s := bot.Story{ID: id}
	switch found, err := scanOne(tx.QueryRowContext(ctx, `SELECT headline, quote_id FROM stories WHERE id = ?`, id), &s.Headline, &s.QuoteID); {
	case err != nil:
		return bot.Story{}, false, fmt.Errorf("story %s: %w", id, err)
	case !found:
		return bot.Story{}, false, nil
	}
	var sec bot.StorySection
	rows, err := tx.QueryContext(ctx, `SELECT heading, text FROM story_sections WHERE story_id = ? ORDER BY position`, id)
	err = queryAll(rows, err, []any{&sec.Heading, &sec.Text}, func() error {
		s.Sections = append(s.Sections, sec)
		return nil
	})
	if err != nil {
		return bot.Story{}, false, fmt.Errorf("story %s sections: %w", id, err)
	}
	var (
		r  bot.StoryReply
		to string
	)
	rows, err = tx.QueryContext(ctx, `SELECT to_handles, text, quotes_post FROM story_replies WHERE story_id = ? ORDER BY position`, id)
	err = queryAll(rows, err, []any{&to, &r.Text, &r.QuotesPost}, func() error {
		reply := r
		var err error
		reply.To, err = decodeHandles(to)
		s.Replies = append(s.Replies, reply)
		return err
	})
	if err != nil {
		return bot.Story{}, false, fmt.Errorf("story %s replies: %w", id, err)
	}
	return s, true, nil
}
