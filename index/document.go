package index

import (
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// document returns what the index holds of one quote. Only searchable and
// filterable values go in, and the compact analysis ranking reads (the rank
// field); everything a card shows comes from the store.
func (x *Index) document(v bot.QuoteView) map[string]any {
	q := v.Quote
	values := docValues(v)
	doc := map[string]any{
		fieldText:         values[slotText],
		fieldTitle:        values[slotTitle],
		fieldSpeaker:      values[slotSpeaker],
		fieldStrategyName: values[slotStrategyName],
		fieldSummary:      values[slotSummary],
		fieldRole:         values[slotRole],
		fieldRank:         x.encodeRankDoc(values),
		fieldPerson:       q.PersonID,
		fieldStrategy:     q.StrategyID,
		fieldFidelity:     string(q.Fidelity),
	}
	for i, terms := range championTerms(x.stemPipe.analyzer, q.Text) {
		doc[championTiers[i].field] = terms
	}
	return doc
}

// docValues returns the searched values of a quote by slot; the words
// slot's value is the text's (one text, two analyses).
func docValues(v bot.QuoteView) [numSlots]string {
	var out [numSlots]string
	out[slotText] = v.Quote.Text
	out[slotWords] = v.Quote.Text
	out[slotTitle] = v.Quote.Source.Title
	out[slotSpeaker] = strings.Join(append([]string{v.Person.Name}, v.Person.Aliases...), " \n ")
	out[slotStrategyName] = strings.Join(append([]string{v.Strategy.Name}, v.Strategy.Aliases...), " \n ")
	if v.Stance != nil {
		out[slotSummary] = v.Stance.Summary
	}
	role := []string{v.Person.Role}
	for _, s := range []string{v.Person.Tagline, v.Person.Summary} {
		if s != "" && s != v.Person.Role {
			role = append(role, s)
		}
	}
	out[slotRole] = strings.Join(role, " \n ")
	return out
}
