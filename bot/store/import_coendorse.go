package store

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/stancebot/stancebot/bot"
)

// The co_endorsements table holds, for each pair of strategies, how many
// people endorse both. /whoendorses reads it for every request; Import keeps
// it exact by recounting, with one aggregate query, every strategy whose set
// of endorsers an import changed.

// coEndorsementsQuery counts, for each strategy in the JSON array ?1 and each
// other strategy, the people who endorse both. Its o.kind filter is the WHERE
// of index stances_endorsed, so the join reads only that covering index.
func coEndorsementsQuery() string {
	endorsers := sqlList(endorserKinds())
	return `SELECT e.strategy_id, o.strategy_id, count(*)
		FROM json_each(?1) d
		JOIN stances e ON e.strategy_id = d.value
		JOIN stances o ON o.person_id = e.person_id
		WHERE e.kind IN ` + endorsers + ` AND o.kind IN ` + endorsers + `
		AND o.strategy_id <> e.strategy_id
		GROUP BY e.strategy_id, o.strategy_id`
}

// endorsersChanged notes that a stance on strategyID changed from old to new
// kind ("" for none); the strategy is recounted when endorsing status flips.
func (im *importer) endorsersChanged(strategyID string, old, new bot.StanceKind) {
	if old.IsEndorser() != new.IsEndorser() {
		im.coDirty[strategyID] = true
	}
}

// recountCoEndorsements replaces the rows of every strategy noted by
// endorsersChanged, in both directions.
func (im *importer) recountCoEndorsements() error {
	if len(im.coDirty) == 0 {
		return nil
	}
	ids := make([]string, 0, len(im.coDirty))
	for id := range im.coDirty {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	arg, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("co-endorsements: %w", err)
	}
	for _, q := range []string{
		`DELETE FROM co_endorsements
			WHERE strategy_id IN (SELECT value FROM json_each(?1)) OR other_id IN (SELECT value FROM json_each(?1))`,
		`INSERT INTO co_endorsements (strategy_id, other_id, people) ` + coEndorsementsQuery(),
		// The mirror rows of the strategies not recounted themselves.
		`INSERT INTO co_endorsements (strategy_id, other_id, people)
			SELECT other_id, strategy_id, people FROM co_endorsements
			WHERE strategy_id IN (SELECT value FROM json_each(?1))
			AND other_id NOT IN (SELECT value FROM json_each(?1))`,
	} {
		if _, err := im.exec(q, string(arg)); err != nil {
			return fmt.Errorf("co-endorsements: %w", err)
		}
	}
	return nil
}
