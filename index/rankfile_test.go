package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestRankFileReadsWhatItAppended: records appended in batches, read back
// exactly while the file is written and once it is opened again, from
// memory (a file within the memory limit) or from the file (beyond it, or
// once appends take it beyond); a pointer beyond the records or a garbled
// record is errRankRecord.
func TestRankFileReadsWhatItAppended(t *testing.T) {
	batches := [][]string{{"first", "", strings.Repeat("é", 300)}, {"fourth"}}
	for _, tt := range []struct {
		name                      string
		writeLimit, openLimit     int64
		inMemoryWritten, inMemory bool
	}{
		{"in memory", 1 << 20, 1 << 20, true, true},
		{"from the file", 0, 0, false, false},
		{"grown out of memory", 20, 1 << 20, false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			r, err := createRankFile(dir, tt.writeLimit)
			if err != nil {
				t.Fatal(err)
			}
			var docs, ptrs []string
			for _, b := range batches {
				p, err := r.appendDocs(b)
				if err != nil {
					t.Fatal(err)
				}
				docs, ptrs = append(docs, b...), append(ptrs, p...)
			}
			check := func(r *rankFile, inMemory bool) {
				t.Helper()
				if got := r.mem.Load() != nil; got != inMemory {
					t.Errorf("in memory %v, want %v", got, inMemory)
				}
				for i, p := range ptrs {
					if got, err := r.read(p); err != nil || got != docs[i] {
						t.Errorf("record %d: %q, %v; want %q", i, got, err, docs[i])
					}
				}
			}
			check(r, tt.inMemoryWritten)
			if err := r.sync(); err != nil {
				t.Fatal(err)
			}
			if err := r.close(); err != nil {
				t.Fatal(err)
			}
			if r, err = openRankFile(dir, tt.openLimit); err != nil {
				t.Fatal(err)
			}
			check(r, tt.inMemory)
			size := uint64(r.size.Load())
			for name, ptr := range map[string]string{
				"empty":             "",
				"beyond the file":   string(binary.AppendUvarint(binary.AppendUvarint(nil, size), 1)),
				"longer than it":    string(binary.AppendUvarint(binary.AppendUvarint(nil, 0), size)),
				"trailing bytes":    ptrs[0] + "x",
				"truncated varint":  "\xff",
				"offset that wraps": string(binary.AppendUvarint(binary.AppendUvarint(nil, 1<<64-2), 0)),
			} {
				if _, err := r.read(ptr); !errors.Is(err, errRankRecord) {
					t.Errorf("%s pointer: %v, want %v", name, err, errRankRecord)
				}
			}
			if err := r.close(); err != nil {
				t.Fatal(err)
			}

			overwrite(t, filepath.Join(dir, rankFileName), 4, "F") // the first record's first byte
			if r, err = openRankFile(dir, tt.openLimit); err != nil {
				t.Fatal(err)
			}
			defer r.close()
			if _, err := r.read(ptrs[0]); !errors.Is(err, errRankRecord) {
				t.Errorf("garbled record: %v, want %v", err, errRankRecord)
			}
			if got, err := r.read(ptrs[3]); err != nil || got != docs[3] {
				t.Errorf("a record after the garbled one: %q, %v", got, err)
			}
		})
	}
}

// TestRankFileReadsWhileWarming: records read while the file is still
// being read through (warm) are read exactly, and closing it meanwhile
// returns (run with -race: warm and the reads share the file).
func TestRankFileReadsWhileWarming(t *testing.T) {
	dir := t.TempDir()
	r, err := createRankFile(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]string, 2000)
	for i := range docs {
		docs[i] = fmt.Sprintf("%04d", i) + strings.Repeat("x", 4000)
	}
	ptrs, err := r.appendDocs(docs)
	if err == nil {
		err = r.close()
	}
	if err != nil {
		t.Fatal(err)
	}
	if r, err = openRankFile(dir, 0); err != nil {
		t.Fatal(err)
	}
	for i := len(ptrs) - 1; i >= 0; i -= 97 {
		if got, err := r.read(ptrs[i]); err != nil || got != docs[i] {
			t.Fatalf("record %d while warming: %.8q, %v", i, got, err)
		}
	}
	if err := r.close(); err != nil {
		t.Fatal(err)
	}
}

// FuzzRankPointer: any stored rank field, however garbled, reads as a
// record of the file or as errRankRecord, from memory and from the file;
// it never panics or reads outside the file.
func FuzzRankPointer(f *testing.F) {
	var files []*rankFile
	for _, limit := range []int64{1 << 20, 0} {
		r, err := createRankFile(f.TempDir(), limit)
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
		files = append(files, r)
	}
	f.Add("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01")
	f.Add(string(binary.AppendUvarint(binary.AppendUvarint(nil, 1<<64-2), 0)))
	f.Fuzz(func(t *testing.T, ptr string) {
		for _, r := range files {
			got, err := r.read(ptr)
			if err != nil {
				if !errors.Is(err, errRankRecord) {
					t.Fatalf("%x: %v, want %v", ptr, err, errRankRecord)
				}
				continue
			}
			if got != "one" && got != "two records" && got != "" {
				t.Fatalf("%x read %q, no record of the file", ptr, got)
			}
		}
	})
}
