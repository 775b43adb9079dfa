package index

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"
)

// TestRankFileReadsWhatItAppended: records appended in batches, to a file
// opened again, read back exactly; a pointer beyond them or a garbled
// record is errRankRecord.
func TestRankFileReadsWhatItAppended(t *testing.T) {
	dir := t.TempDir()
	r, err := createRankFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	batches := [][]string{{"first", "", strings.Repeat("é", 300)}, {"fourth"}}
	var docs, ptrs []string
	for _, b := range batches {
		p, err := r.appendDocs(b)
		if err != nil {
			t.Fatal(err)
		}
		docs, ptrs = append(docs, b...), append(ptrs, p...)
	}
	if err := r.sync(); err != nil {
		t.Fatal(err)
	}
	if err := r.close(); err != nil {
		t.Fatal(err)
	}
	if r, err = openRankFile(dir); err != nil {
		t.Fatal(err)
	}
	defer r.close()
	for i, p := range ptrs {
		if got, err := r.read(p); err != nil || got != docs[i] {
			t.Errorf("record %d: %q, %v; want %q", i, got, err, docs[i])
		}
	}
	size := uint64(r.size.Load())
	for name, ptr := range map[string]string{
		"empty":            "",
		"beyond the file":  string(binary.AppendUvarint(binary.AppendUvarint(nil, size), 1)),
		"longer than it":   string(binary.AppendUvarint(binary.AppendUvarint(nil, 0), size)),
		"trailing bytes":   ptrs[0] + "x",
		"truncated varint": "\xff",
	} {
		if _, err := r.read(ptr); !errors.Is(err, errRankRecord) {
			t.Errorf("%s pointer: %v, want %v", name, err, errRankRecord)
		}
	}
	if _, err := r.f.WriteAt([]byte("F"), 4); err != nil { // the first record's first byte
		t.Fatal(err)
	}
	if _, err := r.read(ptrs[0]); !errors.Is(err, errRankRecord) {
		t.Errorf("garbled record: %v, want %v", err, errRankRecord)
	}
	if got, err := r.read(ptrs[3]); err != nil || got != docs[3] {
		t.Errorf("a record after the garbled one: %q, %v", got, err)
	}
}

// FuzzRankPointer: any stored rank field, however garbled, reads as a
// record of the file or as errRankRecord; it never panics or reads outside
// the file.
func FuzzRankPointer(f *testing.F) {
	dir := f.TempDir()
	r, err := createRankFile(dir)
	if err != nil {
		f.Fatal(err)
	}
	defer r.close()
	ptrs, err := r.appendDocs([]string{"one", "two records"})
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range ptrs {
		f.Add(p)
	}
	f.Add("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01")
	f.Fuzz(func(t *testing.T, ptr string) {
		got, err := r.read(ptr)
		if err != nil {
			if !errors.Is(err, errRankRecord) {
				t.Fatalf("%x: %v, want %v", ptr, err, errRankRecord)
			}
			return
		}
		if got != "one" && got != "two records" && got != "" {
			t.Fatalf("%x read %q, no record of the file", ptr, got)
		}
	})
}
