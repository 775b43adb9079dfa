package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"testing"

	"github.com/golang/snappy"
)

// TestStoredFileReadsWhatBleveStores: every document of every persisted
// segment, deleted ones included, reads the same quote id and rank pointer
// from its file as bleve's visit of its stored fields gives.
func TestStoredFileReadsWhatBleveStores(t *testing.T) {
	snap := segmentedSnapshot(t)
	read := 0
	for i, seg := range snap.segments {
		sf := openStoredFile(seg.Segment())
		if sf == nil {
			continue // in memory still: bleve reads it
		}
		defer sf.close()
		for doc := uint64(0); doc < seg.Segment().Count(); doc++ {
			var wantID, wantPtr string
			err := seg.VisitDocument(doc, func(field string, _ byte, value []byte, _ []uint64) bool {
				switch field {
				case "_id":
					wantID = string(value)
				case fieldRank:
					wantPtr = string(value)
				}
				return true
			})
			if err != nil {
				t.Fatal(err)
			}
			id, ptr, err := sf.read(doc)
			if err != nil || id != wantID || ptr != wantPtr {
				t.Errorf("segment %d document %d: %q, %q, %v; bleve has %q, %q", i, doc, id, ptr, err, wantID, wantPtr)
			}
			if wantID == "" || wantPtr == "" {
				t.Errorf("segment %d document %d: bleve stores no id or pointer", i, doc)
			}
			read++
		}
		if _, _, err := sf.read(seg.Segment().Count()); !errors.Is(err, errStoredRecord) {
			t.Errorf("segment %d: the document after the last reads %v", i, err)
		}
	}
	if read == 0 {
		t.Fatal("no segment was read from its file")
	}
}

// TestStoredFileOfARemovedSegment: a segment whose file a merge has
// removed is read through bleve.
func TestStoredFileOfARemovedSegment(t *testing.T) {
	snap := segmentedSnapshot(t)
	for _, seg := range snap.segments {
		if sf := openStoredFile(seg.Segment()); sf != nil {
			sf.close()
			path := seg.Segment().(interface{ Path() string }).Path()
			if err := os.Rename(path, path+".moved"); err != nil {
				t.Fatal(err)
			}
			defer os.Rename(path+".moved", path)
			if sf := openStoredFile(seg.Segment()); sf != nil {
				t.Errorf("segment %s opens without its file", path)
			}
			return
		}
	}
	t.Fatal("no persisted segment")
}

// storedRecord encodes a stored record as zap writes one: the id, then
// the fields (number and value each) compressed.
func storedRecord(id string, fields map[uint64]string) []byte {
	var meta, data []byte
	meta = binary.AppendUvarint(meta, uint64(len(id)))
	for field := uint64(1); field < 8; field++ {
		v, ok := fields[field]
		if !ok {
			continue
		}
		meta = binary.AppendUvarint(meta, field)
		meta = binary.AppendUvarint(meta, 't')
		meta = binary.AppendUvarint(meta, uint64(len(data)))
		meta = binary.AppendUvarint(meta, uint64(len(v)))
		meta = binary.AppendUvarint(meta, 0) // no array positions
		data = append(data, v...)
	}
	rest := append([]byte(id), snappy.Encode(nil, data)...)
	rec := binary.AppendUvarint(nil, uint64(len(meta)))
	rec = binary.AppendUvarint(rec, uint64(len(rest)))
	return append(append(rec, meta...), rest...)
}

func TestParseStoredRecord(t *testing.T) {
	whole := storedRecord("q1", map[uint64]string{2: "other", 3: "12 34"})
	for _, c := range []struct {
		name      string
		rec       []byte
		rankField uint64
		id, ptr   string
		bad       bool
	}{
		{name: "the rank field", rec: whole, rankField: 3, id: "q1", ptr: "12 34"},
		{name: "another field", rec: whole, rankField: 2, id: "q1", ptr: "other"},
		{name: "a field it lacks", rec: whole, rankField: 5, id: "q1"},
		{name: "no rank field in the segment", rec: whole, rankField: 0, id: "q1"},
		{name: "only an id", rec: storedRecord("q2", nil), rankField: 3, id: "q2"},
		{name: "cut short", rec: whole[:len(whole)-1], rankField: 3, bad: true},
		{name: "a byte too many", rec: append(append([]byte{}, whole...), 0), rankField: 3, bad: true},
		{name: "empty", rec: nil, rankField: 3, bad: true},
		{name: "garbled compression", rec: garble(whole, len(whole)-len(snappy.Encode(nil, []byte("other12 34")))), rankField: 3, bad: true},
		{name: "an id longer than the data", rec: garble(whole, 2), rankField: 3, bad: true},
	} {
		id, ptr, err := parseStoredRecord(c.rec, c.rankField)
		if c.bad {
			if !errors.Is(err, errStoredRecord) {
				t.Errorf("%s: %q, %q, %v; want a damaged record", c.name, id, ptr, err)
			}
			continue
		}
		if err != nil || id != c.id || ptr != c.ptr {
			t.Errorf("%s: %q, %q, %v; want %q, %q", c.name, id, ptr, err, c.id, c.ptr)
		}
		if n, err := storedRecordLen(c.rec); err != nil || n != uint64(len(c.rec)) {
			t.Errorf("%s: record length %d, %v; want %d", c.name, n, err, len(c.rec))
		}
	}
}

// garble returns rec with its byte at i set to 0xff.
func garble(rec []byte, i int) []byte {
	out := bytes.Clone(rec)
	out[i] = 0xff
	return out
}

// FuzzParseStoredRecord: any bytes are parsed or refused, without a panic;
// a record as zap writes it is read back whole.
func FuzzParseStoredRecord(f *testing.F) {
	f.Add("q1", "12 34", []byte(nil))
	f.Add("", "", []byte{0})
	f.Add("quote", "1 2", storedRecord("q", map[uint64]string{3: "x"}))
	f.Fuzz(func(t *testing.T, id, ptr string, raw []byte) {
		_, _, _ = parseStoredRecord(raw, 3)
		_, _ = storedRecordLen(raw)
		rec := storedRecord(id, map[uint64]string{1: "before", 3: ptr, 4: "after"})
		gotID, gotPtr, err := parseStoredRecord(rec, 3)
		if err != nil || gotID != id || gotPtr != ptr {
			t.Fatalf("record of %q, %q reads %q, %q, %v", id, ptr, gotID, gotPtr, err)
		}
	})
}
