package slackadapter

import (
	"context"

	"github.com/stancebot/stancebot/bot"
)

// memStore is a read-only in-memory bot.Store over a dataset, enough for the
// core's commands and the quote index. Its Seq of a quote is its position.
type memStore struct{ ds bot.Dataset }

func (m memStore) Version(context.Context) (int64, error) { return int64(len(m.ds.Quotes)), nil }

func (m memStore) Catalog(context.Context) (bot.Catalog, error) {
	return bot.Catalog{Version: int64(len(m.ds.Quotes)), Strategies: m.ds.Strategies, People: m.ds.People}, nil
}

func (m memStore) person(id string) (bot.Person, bool) {
	for _, p := range m.ds.People {
		if p.ID == id {
			return p, true
		}
	}
	return bot.Person{}, false
}

func (m memStore) strategy(id string) (bot.Strategy, bool) {
	for _, s := range m.ds.Strategies {
		if s.ID == id {
			return s, true
		}
	}
	return bot.Strategy{}, false
}

func (m memStore) StrategyReport(_ context.Context, id string) (bot.StrategyReport, error) {
	st, ok := m.strategy(id)
	if !ok {
		return bot.StrategyReport{}, bot.Errorf(bot.ENOTFOUND, "no strategy %q", id)
	}
	r := bot.StrategyReport{Strategy: st, Board: m.ds.Board}
	for _, s := range m.ds.Stances {
		if s.StrategyID == id {
			p, _ := m.person(s.PersonID)
			r.Stances = append(r.Stances, bot.PersonStance{Person: p, Stance: s})
		}
	}
	for _, q := range m.ds.Quotes {
		if q.StrategyID == id {
			r.Quotes = append(r.Quotes, q)
		}
	}
	return r, nil
}

func (m memStore) PersonReport(_ context.Context, id string) (bot.PersonReport, error) {
	p, ok := m.person(id)
	if !ok {
		return bot.PersonReport{}, bot.Errorf(bot.ENOTFOUND, "no person %q", id)
	}
	r := bot.PersonReport{Person: p}
	for _, s := range m.ds.Stances {
		if s.PersonID == id {
			st, _ := m.strategy(s.StrategyID)
			r.Stances = append(r.Stances, bot.StrategyStance{Strategy: st, Stance: s})
		}
	}
	for _, q := range m.ds.Quotes {
		if q.PersonID == id {
			r.Quotes = append(r.Quotes, q)
		}
	}
	return r, nil
}

func (m memStore) QuoteViews(_ context.Context, ids []string) ([]bot.QuoteView, error) {
	var out []bot.QuoteView
	for _, id := range ids {
		for _, q := range m.ds.Quotes {
			if q.ID != id {
				continue
			}
			p, _ := m.person(q.PersonID)
			st, _ := m.strategy(q.StrategyID)
			v := bot.QuoteView{Quote: q, Person: p, Strategy: st}
			for _, s := range m.ds.Stances {
				if s.PersonID == q.PersonID && s.StrategyID == q.StrategyID {
					v.Stance = &s
				}
			}
			out = append(out, v)
		}
	}
	return out, nil
}

func (m memStore) QuotesSince(_ context.Context, after int64, limit int) ([]bot.SeqQuote, error) {
	var out []bot.SeqQuote
	for i, q := range m.ds.Quotes {
		if seq := int64(i + 1); seq > after && len(out) < limit {
			out = append(out, bot.SeqQuote{Seq: seq, Quote: q})
		}
	}
	return out, nil
}

func (m memStore) ChangesSince(context.Context, int64, int) ([]bot.Change, error) { return nil, nil }

func (m memStore) Import(context.Context, bot.Dataset) (bot.ImportReport, error) {
	return bot.ImportReport{}, bot.Errorf(bot.EINVALID, "the test store is read-only")
}

func (m memStore) Export(context.Context) (bot.Dataset, error) { return m.ds, nil }
