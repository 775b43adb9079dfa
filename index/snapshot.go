package index

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// snapshot is one point-in-time view of the index, which one search reads
// throughout: its field dictionaries, its postings (match.go) and its
// quotes' stored fields.
type snapshot struct {
	r        *scorch.IndexSnapshot
	dicts    map[string][]termDict // per field, its dictionary in each segment
	freqs    map[fieldTerm]uint64  // docFreq's answers so far
	avgLens  map[string]float64
	docs     uint64 // quotes in the snapshot
	segments []*scorch.SegmentSnapshot
	offsets  []uint64 // per segment, the number of its first document
}

// snapshot returns the index's current snapshot; close it.
func (x *Index) snapshot() (*snapshot, error) {
	adv, err := x.bi.Advanced()
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
	s := &snapshot{r: is, dicts: map[string][]termDict{}, freqs: map[fieldTerm]uint64{}, avgLens: map[string]float64{},
		docs: n, segments: is.Segments()}
	// Document numbers run through the segments in order, each taking as
	// many as it holds, deleted ones included (as scorch numbers them).
	next := uint64(0)
	for _, seg := range s.segments {
		s.offsets = append(s.offsets, next)
		next += seg.Segment().Count()
	}
	return s, nil
}

// termDict is a segment's dictionary of one field.
type termDict interface {
	Contains(key []byte) (bool, error)
}

// has reports whether term is in the dictionary of field. It looks in
// each segment's dictionary itself: bleve's FieldDictContains starts a
// goroutine per segment, which cost a search more than the lookups.
func (s *snapshot) has(field, term string) bool {
	ds, ok := s.dicts[field]
	if !ok {
		for _, seg := range s.segments {
			if d, err := seg.Segment().Dictionary(field); err == nil && d != nil {
				ds = append(ds, d)
			}
		}
		s.dicts[field] = ds
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

// docFreq returns how many quotes have term in field (0 on error), read
// once per snapshot: a plan asks it of a typo's corrections to rank them,
// then again to weigh them.
func (s *snapshot) docFreq(ctx context.Context, field, term string) uint64 {
	k := fieldTerm{field, term}
	if n, ok := s.freqs[k]; ok {
		return n
	}
	tfr, err := s.r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0
	}
	defer tfr.Close()
	n := tfr.Count()
	s.freqs[k] = n
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
// when it has none).
func (s *snapshot) quote(doc uint64) (id, rank string, err error) {
	i := sort.Search(len(s.offsets), func(i int) bool { return s.offsets[i] > doc }) - 1
	if i < 0 {
		return "", "", fmt.Errorf("search quotes: no document %d", doc)
	}
	err = s.segments[i].VisitDocument(doc-s.offsets[i], func(field string, _ byte, value []byte, _ []uint64) bool {
		switch field {
		case "_id":
			id = string(value)
		case fieldRank:
			rank = string(value)
		}
		return true
	})
	if err != nil {
		return "", "", fmt.Errorf("search quotes: read document %d: %w", doc, err)
	}
	return id, rank, nil
}

func (s *snapshot) close() { _ = s.r.Close() }
