package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapx "github.com/blevesearch/zapx/v16"
	"github.com/golang/snappy"
)

// A storedFile reads what a search needs of a candidate, its quote id and
// its rank pointer (the stored fields), from a persisted segment's file
// with pread. Read through bleve, they come from its map of the segment:
// searches read candidates at random, and at 1M quotes every page of the
// stored fields (38 MiB) stayed in the process's resident memory after a
// few hundred searches, as the rank documents had (rankfile.go). Read with
// pread, they stay in the page cache only.
//
// It reads zap's stored section (zapx v16, the version bleve v2.5 writes):
// an index of one 8-byte big-endian offset per document, each to a record
// of two unsigned varints (the lengths of its meta and its data), the meta
// and the data. The meta begins with the length of the _id value, then has
// per stored field its number, type, offset and length in the data's
// snappy-compressed rest, and its array positions (a count, then each).
// The data is the _id value, then that compressed rest. Any other segment
// (in memory, or of another version) is read through bleve (snapshot.quote).
type storedFile struct {
	f           *os.File
	storedIndex uint64 // where the offsets begin
	docs        uint64
	rankField   uint64 // the rank field's number in the segment; 0 when it has none
}

// storedVersion is the version of zap's files a storedFile reads.
const storedVersion = 16

// errStoredRecord says a stored record does not decode.
var errStoredRecord = errors.New("damaged stored record")

// openStoredFile opens the file of seg, when it is a persisted segment of
// the version this reader understands; nil when it is not, or when its file
// cannot be opened (a merge may have removed it since the snapshot was
// taken): bleve reads it then, from its map.
func openStoredFile(seg segment.Segment) *storedFile {
	zs, ok := seg.(*zapx.Segment)
	if !ok || zs.Version() != storedVersion || zs.Path() == "" {
		return nil
	}
	f, err := os.Open(zs.Path())
	if err != nil {
		return nil
	}
	sf := &storedFile{f: f, storedIndex: zs.StoredIndexOffset(), docs: zs.NumDocs()}
	for i, name := range zs.Fields() {
		if name == fieldRank {
			sf.rankField = uint64(i)
		}
	}
	return sf
}

// storedRecordGuess is what read reads of a record at first: a quote's is
// about 40 bytes.
const storedRecordGuess = 128

// read returns document doc's quote id and rank pointer ("" when it has
// none).
func (sf *storedFile) read(doc uint64) (id, ptr string, err error) {
	if doc >= sf.docs {
		return "", "", fmt.Errorf("document %d of %d: %w", doc, sf.docs, errStoredRecord)
	}
	var at [8]byte
	if _, err := sf.f.ReadAt(at[:], int64(sf.storedIndex+8*doc)); err != nil {
		return "", "", fmt.Errorf("document %d: read stored index: %w", doc, err)
	}
	off := binary.BigEndian.Uint64(at[:])
	if off >= sf.storedIndex {
		return "", "", fmt.Errorf("document %d at %d: %w", doc, off, errStoredRecord)
	}
	var guess [storedRecordGuess]byte
	buf := guess[:min(uint64(len(guess)), sf.storedIndex-off)]
	if _, err := sf.f.ReadAt(buf, int64(off)); err != nil && !errors.Is(err, io.EOF) {
		return "", "", fmt.Errorf("document %d: read stored record: %w", doc, err)
	}
	need, err := storedRecordLen(buf)
	if err != nil {
		return "", "", fmt.Errorf("document %d: %w", doc, err)
	}
	if need > uint64(len(buf)) {
		if need > sf.storedIndex-off {
			return "", "", fmt.Errorf("document %d: record of %d bytes: %w", doc, need, errStoredRecord)
		}
		buf = make([]byte, need)
		if _, err := sf.f.ReadAt(buf, int64(off)); err != nil {
			return "", "", fmt.Errorf("document %d: read stored record: %w", doc, err)
		}
	}
	id, ptr, err = parseStoredRecord(buf[:need], sf.rankField)
	if err != nil {
		return "", "", fmt.Errorf("document %d: %w", doc, err)
	}
	return id, ptr, nil
}

func (sf *storedFile) close() { _ = sf.f.Close() }

// storedRecordLen returns the length of the record that rec begins with,
// from its header.
func storedRecordLen(rec []byte) (uint64, error) {
	metaLen, n := binary.Uvarint(rec)
	if n <= 0 {
		return 0, errStoredRecord
	}
	dataLen, m := binary.Uvarint(rec[n:])
	if m <= 0 || metaLen > 1<<30 || dataLen > 1<<30 {
		return 0, errStoredRecord
	}
	return uint64(n+m) + metaLen + dataLen, nil
}

// parseStoredRecord returns the _id value of a whole stored record and the
// value of its field number rankField ("" when it has none; rankField 0,
// the _id's own number, is none).
func parseStoredRecord(rec []byte, rankField uint64) (id, ptr string, err error) {
	metaLen, n := binary.Uvarint(rec)
	if n <= 0 {
		return "", "", errStoredRecord
	}
	dataLen, m := binary.Uvarint(rec[n:])
	if m <= 0 || uint64(len(rec)-n-m) != metaLen+dataLen {
		return "", "", errStoredRecord
	}
	meta, data := rec[n+m:uint64(n+m)+metaLen], rec[uint64(n+m)+metaLen:]
	r := uvarints{b: meta}
	idLen := r.next()
	if r.bad || idLen > uint64(len(data)) {
		return "", "", errStoredRecord
	}
	id = string(data[:idLen])
	if rankField == 0 || len(r.b) == 0 {
		return id, "", nil
	}
	rest, err := snappy.Decode(nil, data[idLen:])
	if err != nil {
		return "", "", fmt.Errorf("%w: %w", errStoredRecord, err)
	}
	for len(r.b) > 0 {
		field, _, offset, length := r.next(), r.next(), r.next(), r.next()
		for positions := r.next(); positions > 0 && !r.bad; positions-- {
			r.next()
		}
		if r.bad || offset > uint64(len(rest)) || length > uint64(len(rest))-offset {
			return "", "", errStoredRecord
		}
		if field == rankField {
			ptr = string(rest[offset : offset+length])
		}
	}
	return id, ptr, nil
}

// uvarints reads unsigned varints one after another; bad says one did not
// decode (and every later one reads 0).
type uvarints struct {
	b   []byte
	bad bool
}

func (r *uvarints) next() uint64 {
	if r.bad {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}
