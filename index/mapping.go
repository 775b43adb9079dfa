package index

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// schemaVersion changes whenever what a document holds changes in a way the
// mapping hash does not show (e.g. which store value goes into a field).
const schemaVersion = 7

// Field names of a quote document.
const (
	fieldText         = "text"          // quote text, "en" analyzer (stemmed, stop words)
	fieldWords        = "words"         // the same text, unstemmed: a slot of the rank document, and the vocabulary (no field of bleve's)
	fieldTitle        = "title"         // source title, "en" analyzer
	fieldSpeaker      = "speaker"       // person name and aliases, folded
	fieldStrategyName = "strategy_name" // strategy name and aliases, "en" analyzer
	fieldSummary      = "summary"       // the stance's one-line summary, "en" analyzer
	fieldRole         = "role"          // the person's role, tagline and summary, "en" analyzer
	fieldRank         = "rank"          // stored only: where the quote's rank document is in the rank file (rankfile.go)
	fieldPerson       = "person"        // person id (keyword), a filter
	fieldStrategy     = "strategy"      // strategy id (keyword), a filter
	fieldFidelity     = "fidelity"      // fidelity (keyword), a filter
	fieldChampion1    = "champion1"     // the stems that weigh most in the quote (champion.go)
	fieldChampion2    = "champion2"     // ... with a higher weight
	fieldChampion3    = "champion3"     // ... and higher
)

// Custom analyzers.
const (
	analyzerWords = "stancebot_words" // lowercased words, stop words removed, not stemmed
	analyzerName  = "stancebot_name"  // names: diacritics folded, lowercased
	analyzerTerms = "stancebot_terms" // space-separated terms, taken as they are
)

// newMapping returns the static index mapping of quote documents. Nothing is
// indexed dynamically. Only where the compact analysis of a quote's fields
// is, for ranking and highlighting (rankdoc.go, rankfile.go), is stored:
// cards are built from the store.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	im.DefaultAnalyzer = en.AnalyzerName
	im.ScoringModel = bleveindex.BM25Scoring

	// Token filters only (no char filters) on text that is highlighted, so
	// that token offsets stay byte offsets into the original text.
	if err := im.AddCustomAnalyzer(analyzerWords, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, en.StopName},
	}); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	if err := im.AddCustomAnalyzer(analyzerName, map[string]any{
		"type":          custom.Name,
		"char_filters":  []any{asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name},
	}); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}

	if err := im.AddCustomAnalyzer(analyzerTerms, map[string]any{
		"type":      custom.Name,
		"tokenizer": whitespace.Name,
	}); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}

	doc := mapping.NewDocumentStaticMapping()
	add := func(property string, fms ...*mapping.FieldMapping) {
		sub := mapping.NewDocumentStaticMapping()
		for _, fm := range fms {
			sub.AddFieldMapping(fm)
		}
		doc.AddSubDocumentMapping(property, sub)
	}
	// The candidates bleve finds are ranked, and highlighted, from their
	// rank documents (rerank.go): no term vectors, no stored text.
	add(fieldText, textField(fieldText, en.AnalyzerName))
	for _, f := range []string{fieldTitle, fieldStrategyName, fieldSummary, fieldRole} {
		add(f, textField(f, en.AnalyzerName))
	}
	add(fieldSpeaker, textField(fieldSpeaker, analyzerName))
	for _, tier := range championTiers {
		add(tier.field, textField(tier.field, analyzerTerms))
	}
	rank := mapping.NewTextFieldMapping()
	rank.Name, rank.Analyzer = fieldRank, keyword.Name
	rank.Index, rank.Store, rank.IncludeInAll, rank.DocValues, rank.IncludeTermVectors = false, true, false, false, false
	add(fieldRank, rank)
	for _, f := range []string{fieldPerson, fieldStrategy, fieldFidelity} {
		add(f, keywordField(f))
	}

	// No composite "_all" field: every query names its fields.
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.DefaultMapping = doc
	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	return im, nil
}

func textField(name, analyzer string) *mapping.FieldMapping {
	fm := mapping.NewTextFieldMapping()
	fm.Name = name
	fm.Analyzer = analyzer
	fm.Store = false
	fm.IncludeInAll = false
	fm.DocValues = false
	fm.IncludeTermVectors = false
	return fm
}

func keywordField(name string) *mapping.FieldMapping {
	fm := mapping.NewTextFieldMapping()
	fm.Name = name
	fm.Analyzer = keyword.Name
	fm.Store = false
	fm.IncludeInAll = false
	fm.IncludeTermVectors = false
	fm.DocValues = false // filters only: nothing sorts or facets on them
	return fm
}

// mappingHash identifies a mapping: an index built with another mapping is rebuilt.
func mappingHash(im *mapping.IndexMappingImpl) (string, error) {
	b, err := json.Marshal(im)
	if err != nil {
		return "", fmt.Errorf("hash index mapping: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12]), nil
}
