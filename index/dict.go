package index

import (
	"context"
	"fmt"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// dict looks terms up in the index's field dictionaries, on one snapshot.
type dict struct {
	r        bleveindex.IndexReader
	contains bleveindex.IndexReaderContains
	fields   map[string]bleveindex.FieldDictContains
	docs     uint64 // quotes in the snapshot
}

// dictionary returns a dict of the index's current snapshot; close it.
func (x *Index) dictionary() (*dict, error) {
	adv, err := x.bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search quotes: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search quotes: %w", err)
	}
	rc, ok := r.(bleveindex.IndexReaderContains)
	if !ok {
		_ = r.Close()
		return nil, fmt.Errorf("search quotes: index reader cannot look up terms")
	}
	n, err := r.DocCount()
	if err != nil {
		_ = r.Close()
		return nil, fmt.Errorf("search quotes: %w", err)
	}
	return &dict{r: r, contains: rc, fields: map[string]bleveindex.FieldDictContains{}, docs: n}, nil
}

// has reports whether term is in the dictionary of field.
func (d *dict) has(field, term string) bool {
	fd, ok := d.fields[field]
	if !ok {
		fd, _ = d.contains.FieldDictContains(field)
		d.fields[field] = fd
	}
	if fd == nil {
		return false
	}
	found, err := fd.Contains([]byte(term))
	return err == nil && found
}

// docFreq returns how many quotes have term in field (0 on error).
func (d *dict) docFreq(ctx context.Context, field, term string) uint64 {
	tfr, err := d.r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0
	}
	defer tfr.Close()
	return tfr.Count()
}

func (d *dict) close() { _ = d.r.Close() }
