package index

import (
	"fmt"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// postingsList returns term's postings list in field in each segment of
// the snapshot (empty where a segment lacks the term), read once per
// snapshot: a plan counts a term's quotes (docFreq) before its matcher
// walks them.
func (s *snapshot) postingsList(field, term string) ([]segment.PostingsList, error) {
	k := fieldTerm{field, term}
	if ls, ok := s.lists[k]; ok {
		return ls, nil
	}
	ds, err := s.dictionaries(field)
	if err != nil {
		return nil, err
	}
	ls := make([]segment.PostingsList, len(ds))
	for i, d := range ds {
		if ls[i], err = d.PostingsList([]byte(term), s.segments[i].Deleted(), nil); err != nil {
			return nil, fmt.Errorf("read postings of %s:%s: %w", field, term, err)
		}
	}
	s.lists[k] = ls
	return ls, nil
}

// dictionaries returns field's dictionary in each segment of the snapshot,
// opened once per snapshot.
func (s *snapshot) dictionaries(field string) ([]segment.TermDictionary, error) {
	if ds, ok := s.dicts[field]; ok {
		return ds, nil
	}
	ds := make([]segment.TermDictionary, len(s.segments))
	for i, seg := range s.segments {
		d, err := seg.Segment().Dictionary(field)
		if err != nil {
			return nil, fmt.Errorf("open the dictionary of %s: %w", field, err)
		}
		ds[i] = d
	}
	s.dicts[field] = ds
	return ds, nil
}

// postings walks one term's postings through the snapshot's segments in
// document-number order: what bleve's term field reader does, on the
// snapshot's own dictionaries and postings lists, without the reader's
// per-term allocations and byte accounting.
type postings struct {
	its     []segment.PostingsIterator // per segment
	offsets []uint64                   // per segment, its first document's number
	seg     int                        // the segment of the current posting
	// The current posting and its document (exhausted past the last).
	// Its frequency and norm (read with them) are only read if asked for:
	// most of the postings an all-words query walks are never scored.
	cur segment.Posting
	doc uint64
}

// openPostings returns the postings of term in field, before their first
// document; withFreqs reads each posting's frequency and norm too.
func (s *snapshot) openPostings(field, term string, withFreqs bool) (*postings, error) {
	ls, err := s.postingsList(field, term)
	if err != nil {
		return nil, err
	}
	p := &postings{its: make([]segment.PostingsIterator, len(ls)), offsets: s.offsets}
	for i, l := range ls {
		p.its[i] = l.Iterator(withFreqs, withFreqs, false, nil)
	}
	return p, nil
}

// next moves to the next posting and returns its document.
func (p *postings) next() (uint64, error) {
	for p.seg < len(p.its) {
		got, err := p.its[p.seg].Next()
		if err != nil {
			return exhausted, fmt.Errorf("read postings: %w", err)
		}
		if got != nil {
			return p.set(got), nil
		}
		p.seg++
	}
	p.doc = exhausted
	return exhausted, nil
}

// advance moves to the first posting of a document >= target, which is
// past the current one, and returns its document.
func (p *postings) advance(target uint64) (uint64, error) {
	seg := p.seg
	for seg+1 < len(p.offsets) && p.offsets[seg+1] <= target {
		seg++
	}
	if seg >= len(p.its) {
		p.doc = exhausted
		return exhausted, nil
	}
	p.seg = seg
	got, err := p.its[seg].Advance(target - p.offsets[seg])
	if err != nil {
		return exhausted, fmt.Errorf("read postings: %w", err)
	}
	if got == nil {
		p.seg++
		return p.next()
	}
	return p.set(got), nil
}

func (p *postings) set(got segment.Posting) uint64 {
	p.cur, p.doc = got, p.offsets[p.seg]+got.Number()
	return p.doc
}
