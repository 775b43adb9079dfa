package index

import (
	"fmt"
	"math"
	"sort"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
)

// snapshot is one point-in-time view of the index, which one search reads
// throughout: its field dictionaries, its postings (postings.go) and its
// quotes' stored fields.
type snapshot struct {
	r        *scorch.IndexSnapshot
	dicts    map[string][]segment.TermDictionary  // per field, its dictionary in each segment
	lists    map[fieldTerm][]segment.PostingsList // per term, its postings list in each segment
	avgLens  map[string]float64
	docs     uint64 // quotes in the snapshot
	segments []*scorch.SegmentSnapshot
	offsets  []uint64                 // per segment, the number of its first document
	stored   []storedSlot             // per segment, its file's stored fields (stored.go)
	ranks    *rankFile                // where the quotes' rank fields point
	words    *vellum.FST              // the vocabulary's words (vocabulary.go)
	stem     func(word string) string // a word's stem in the text (Index.stem)
}

// snapshot returns the index's current snapshot; close it.
func (x *Index) snapshot() (*snapshot, error) {
	adv, err := x.bi.bleve.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search quotes: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search quotes: %w", err)
	}
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		_ = r.Close()
		return nil, fmt.Errorf("search quotes: the index is not a scorch index (%T)", r)
	}
	n, err := is.DocCount()
	if err != nil {
		_ = r.Close()
		return nil, fmt.Errorf("search quotes: %w", err)
	}
	s := &snapshot{r: is, dicts: map[string][]segment.TermDictionary{}, lists: map[fieldTerm][]segment.PostingsList{}, avgLens: map[string]float64{},
		docs: n, segments: is.Segments(), ranks: x.bi.ranks, words: x.bi.words.words.Load(), stem: x.stem}
	// Document numbers run through the segments in order, each taking as
	// many as it holds, deleted ones included (as scorch numbers them).
	next := uint64(0)
	for _, seg := range s.segments {
		s.offsets = append(s.offsets, next)
		next += seg.Segment().Count()
	}
	s.stored = make([]storedSlot, len(s.segments))
	return s, nil
}

// storedSlot is a segment's storedFile, opened at the first candidate of
// the segment (nil then when it has none).
type storedSlot struct {
	opened bool
	file   *storedFile
}

// has reports whether term is in the dictionary of field (fieldWords: in
// the vocabulary), looked up in each segment's dictionary: bleve's
// FieldDictContains starts a goroutine per segment, which cost a search
// more than the lookups.
func (s *snapshot) has(field, term string) bool {
	if field == fieldWords {
		found, err := s.words.Contains([]byte(term))
		return err == nil && found
	}
	ds, err := s.dictionaries(field)
	if err != nil {
		return false
	}
	for _, d := range ds {
		if found, err := d.Contains([]byte(term)); err == nil && found {
			return true
		}
	}
	return false
}

// fieldTerm is a term of a field.
type fieldTerm struct{ field, term string }

// docFreq returns how many quotes have term in field (0 on error).
func (s *snapshot) docFreq(field, term string) uint64 {
	ls, err := s.postingsList(field, term)
	if err != nil {
		return 0
	}
	var n uint64
	for _, l := range ls {
		n += l.Count()
	}
	return n
}

// avgFieldLen is the average field length bleve's BM25 takes: the field's
// cardinality (as scorch counts it) over the quotes, rounded up.
func (s *snapshot) avgFieldLen(field string) (float64, error) {
	if l, ok := s.avgLens[field]; ok {
		return l, nil
	}
	n, err := s.r.FieldCardinality(field)
	if err != nil {
		return 0, fmt.Errorf("search quotes: length of field %s: %w", field, err)
	}
	l := 0.0
	if s.docs > 0 {
		l = math.Ceil(float64(n) / float64(s.docs))
	}
	s.avgLens[field] = l
	return l, nil
}

// quote returns the quote id and the rank document of document doc ("", ""
// when it has none), read from the rank file: a damaged record there is an
// error (wrapping errRankRecord), as a damaged stored field of bleve's is.
func (s *snapshot) quote(doc uint64) (id, rank string, err error) {
	i := sort.Search(len(s.offsets), func(i int) bool { return s.offsets[i] > doc }) - 1
	if i < 0 {
		return "", "", fmt.Errorf("search quotes: no document %d", doc)
	}
	slot := &s.stored[i]
	if !slot.opened {
		slot.opened, slot.file = true, openStoredFile(s.segments[i].Segment())
	}
	var ptr string
	if slot.file != nil {
		id, ptr, err = slot.file.read(doc - s.offsets[i])
	} else {
		err = s.segments[i].VisitDocument(doc-s.offsets[i], func(field string, _ byte, value []byte, _ []uint64) bool {
			switch field {
			case "_id":
				id = string(value)
			case fieldRank:
				ptr = string(value)
			}
			return true
		})
	}
	if err != nil {
		return "", "", fmt.Errorf("search quotes: read document %d: %w", doc, err)
	}
	if ptr == "" {
		return id, "", nil
	}
	if rank, err = s.ranks.read(ptr); err != nil {
		return id, "", fmt.Errorf("search quotes: quote %s: %w", id, err)
	}
	return id, rank, nil
}

func (s *snapshot) close() {
	for _, slot := range s.stored {
		if slot.file != nil {
			slot.file.close()
		}
	}
	_ = s.r.Close()
}
