package index

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/stancebot/stancebot/bot"
)

// document returns what the index holds of one quote, analysed: only
// searchable and filterable values, and the pointer ptr to the compact
// analysis ranking reads (its rank document rank, in the rank file);
// everything a card shows comes from the store. Each value is analysed
// once, into the rank document (rankdoc.go), and the index fields take
// their terms and lengths from it, as the mapping's analyzers would give
// them (tested), so that bleve analyses nothing again. It also returns the
// quote's words as written, for the vocabulary: they are no field of
// bleve's.
func (x *Index) document(v bot.QuoteView, rank, ptr string) (*document.Document, []string, error) {
	q := v.Quote
	var d rankDoc
	if err := decodeRankDoc(rank, &d); err != nil {
		return nil, nil, fmt.Errorf("quote %s: rank document: %w", q.ID, err)
	}
	doc := document.NewDocument(q.ID)
	var words []string
	for slot, st := range d.slots {
		if slot == slotWords {
			for _, t := range st.terms {
				words = append(words, t.term)
			}
			continue
		}
		freqs := make(bleveindex.TokenFrequencies, len(st.terms))
		for _, t := range st.terms {
			tf := &bleveindex.TokenFreq{Term: []byte(t.term)}
			tf.SetFrequency(t.tf)
			freqs[t.term] = tf
		}
		doc.AddField(&analyzedField{name: slotFields[slot], length: st.length, freqs: freqs})
	}
	for i, terms := range championTerms(d.slots[slotText]) {
		doc.AddField(termsField(championTiers[i].field, terms...))
	}
	doc.AddField(termsField(fieldPerson, q.PersonID))
	doc.AddField(termsField(fieldStrategy, q.StrategyID))
	doc.AddField(termsField(fieldFidelity, string(q.Fidelity)))
	doc.AddField(document.NewTextFieldWithIndexingOptions(fieldRank, nil, []byte(ptr), bleveindex.StoreField))
	return doc, words, nil
}

// termsField is an indexed field of terms taken as they are, each once:
// a keyword field, or a champion field.
func termsField(name string, terms ...string) *analyzedField {
	freqs := make(bleveindex.TokenFrequencies, len(terms))
	n := 0
	for _, t := range terms {
		if t == "" {
			continue
		}
		tf := &bleveindex.TokenFreq{Term: []byte(t)}
		tf.SetFrequency(1)
		freqs[t] = tf
		n++
	}
	return &analyzedField{name: name, length: n, freqs: freqs}
}

// analyzedField is an indexed, unstored field whose analysis is given:
// bleve's Analyze leaves it as it is.
type analyzedField struct {
	name   string
	length int
	freqs  bleveindex.TokenFrequencies
}

func (f *analyzedField) Name() string                             { return f.name }
func (f *analyzedField) ArrayPositions() []uint64                 { return nil }
func (f *analyzedField) Options() bleveindex.FieldIndexingOptions { return bleveindex.IndexField }
func (f *analyzedField) Analyze()                                 {}
func (f *analyzedField) Value() []byte                            { return nil }
func (f *analyzedField) NumPlainTextBytes() uint64                { return 0 }
func (f *analyzedField) EncodedFieldType() byte                   { return 't' }
func (f *analyzedField) AnalyzedLength() int                      { return f.length }
func (f *analyzedField) AnalyzedTokenFrequencies() bleveindex.TokenFrequencies {
	return f.freqs
}

// Size is the field's size in memory, roughly, for bleve's accounting.
func (f *analyzedField) Size() int {
	n := 64 + len(f.name)
	for t := range f.freqs {
		n += 48 + 2*len(t)
	}
	return n
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
