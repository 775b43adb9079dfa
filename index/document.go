package index

import (
	"strings"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// document returns what the index holds of one quote. Only searchable and
// filterable values go in; everything a card shows comes from the store.
func (x *Index) document(v bot.QuoteView) map[string]any {
	q := v.Quote
	doc := map[string]any{
		fieldText:         q.Text,
		fieldTitle:        q.Source.Title,
		fieldSpeaker:      strings.Join(append([]string{v.Person.Name}, v.Person.Aliases...), " \n "),
		fieldStrategyName: strings.Join(append([]string{v.Strategy.Name}, v.Strategy.Aliases...), " \n "),
		fieldPerson:       q.PersonID,
		fieldStrategy:     q.StrategyID,
		fieldFidelity:     string(q.Fidelity),
		fieldSourceType:   q.Source.Type,
	}
	for i, terms := range championTerms(x.stemPipe.analyzer, q.Text) {
		doc[championTiers[i].field] = terms
	}
	if v.Stance != nil {
		doc[fieldStance] = string(v.Stance.Kind)
	}
	if d := q.Source.Date; !d.IsZero() {
		doc[fieldDate] = time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
	}
	return doc
}
