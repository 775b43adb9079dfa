package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// rankFileName is the rank file's name in the index directory, beside
// bleve's own files (which bleve leaves alone).
const rankFileName = "ranks"

// A rankFile holds the quotes' rank documents (rankdoc.go) outside bleve's
// segments. bleve maps its segments into memory, so every page of rank
// documents a search ever read stayed in the process's resident memory
// (the neighbouring pages too: the kernel maps those it has cached around
// each fault); the rank file is read with pread, and what searches read of
// it stays in the page cache only.
//
// A record is the CRC-32C of a rank document, 4 bytes little endian, then
// the document. An indexed quote's stored rank field is its record's
// pointer: the offset and the document's length, two unsigned varints.
// Records are only appended: a quote indexed again gets a new record and
// its old one stays, unread, until the index is rebuilt (checkMeta rebuilds
// it when the file has doubled since its build). A batch's records are
// written, and synced, before bleve indexes the pointers to them, so that a
// crash leaves at most records nothing points to.
//
// Searches read records at random, one each per candidate. A small file
// (at most memLimit, rankMemLimit in the index) is kept whole in memory
// too, and read from there: no system call per candidate (at 1k quotes the
// preads were a tenth of a /quote's CPU). A larger one is read with pread;
// on a page cache that does not hold it (after a restart, or on a machine
// that reclaims it) each read would be a disk read, where bleve's mapped
// segments are read ahead in large pieces, so an opened file is read
// through once, in the background (warm), into the page cache.
type rankFile struct {
	f        *os.File
	size     atomic.Int64 // bytes written; the next record goes there
	memLimit int64
	mem      atomic.Pointer[[]byte] // the whole file while it is at most memLimit; nil after

	stop   chan struct{}  // closed by close: warm stops
	warmed sync.WaitGroup // warm, until it is done or stopped
}

// rankMemLimit is the size up to which the index keeps its rank file in
// memory (about 22,000 quotes).
const rankMemLimit = 8 << 20

// crcTable is the CRC-32C table of rank records.
var crcTable = crc32.MakeTable(crc32.Castagnoli)

// createRankFile creates an empty rank file in the index directory dir,
// kept in memory while it is at most memLimit.
func createRankFile(dir string, memLimit int64) (*rankFile, error) {
	f, err := os.OpenFile(filepath.Join(dir, rankFileName), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create rank file: %w", err)
	}
	r := &rankFile{f: f, memLimit: memLimit, stop: make(chan struct{})}
	r.mem.Store(&[]byte{})
	return r, nil
}

// openRankFile opens the rank file of the index directory dir: read into
// memory when it is at most memLimit, else warmed in the background.
func openRankFile(dir string, memLimit int64) (*rankFile, error) {
	f, err := os.OpenFile(filepath.Join(dir, rankFileName), os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("open rank file: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("open rank file: %w", err)
	}
	r := &rankFile{f: f, memLimit: memLimit, stop: make(chan struct{})}
	r.size.Store(info.Size())
	if info.Size() <= memLimit {
		data := make([]byte, info.Size())
		if _, err := f.ReadAt(data, 0); err != nil && !errors.Is(err, io.EOF) {
			_ = f.Close()
			return nil, fmt.Errorf("read rank file: %w", err)
		}
		r.mem.Store(&data)
		return r, nil
	}
	r.warmed.Add(1)
	go r.warm()
	return r, nil
}

// warmChunk is how much warm reads at a time.
const warmChunk = 1 << 20

// warm reads the file from start to end, and discards what it read, until
// it is done or close stops it.
func (r *rankFile) warm() {
	defer r.warmed.Done()
	buf := make([]byte, warmChunk)
	for at, end := int64(0), r.size.Load(); at < end; at += warmChunk {
		select {
		case <-r.stop:
			return
		default:
		}
		if _, err := r.f.ReadAt(buf, at); err != nil && !errors.Is(err, io.EOF) {
			return
		}
	}
}

// appendDocs writes records of the rank documents docs at the end of the
// file, with one write, and returns their pointers. Only one goroutine
// appends at a time.
func (r *rankFile) appendDocs(docs []string) ([]string, error) {
	at := r.size.Load()
	n := 0
	for _, d := range docs {
		n += 4 + len(d)
	}
	buf := make([]byte, 0, n)
	ptrs := make([]string, len(docs))
	for i, d := range docs {
		ptrs[i] = string(binary.AppendUvarint(binary.AppendUvarint(nil, uint64(at)+uint64(len(buf))), uint64(len(d))))
		buf = binary.LittleEndian.AppendUint32(buf, crc32.Checksum([]byte(d), crcTable))
		buf = append(buf, d...)
	}
	if _, err := r.f.WriteAt(buf, at); err != nil {
		return nil, fmt.Errorf("write rank file: %w", err)
	}
	if m := r.mem.Load(); m != nil {
		if at+int64(len(buf)) > r.memLimit {
			r.mem.Store(nil)
		} else {
			grown := append((*m)[:len(*m):len(*m)], buf...) // a new array: readers keep theirs
			r.mem.Store(&grown)
		}
	}
	r.size.Add(int64(len(buf)))
	return ptrs, nil
}

// sync flushes what was appended to disk.
func (r *rankFile) sync() error {
	if err := r.f.Sync(); err != nil {
		return fmt.Errorf("sync rank file: %w", err)
	}
	return nil
}

// errRankRecord means a pointer or the record it points to is damaged.
var errRankRecord = errors.New("damaged rank record")

// read returns the rank document the pointer ptr points to, checked
// against its checksum.
func (r *rankFile) read(ptr string) (string, error) {
	at, n := binary.Uvarint([]byte(ptr))
	length, m := binary.Uvarint([]byte(ptr[max(n, 0):]))
	size := uint64(r.size.Load())
	if n <= 0 || m <= 0 || n+m != len(ptr) || at > size || length > size || at+4+length > size {
		return "", fmt.Errorf("read rank file: pointer %x: %w", ptr, errRankRecord)
	}
	var buf []byte
	if m := r.mem.Load(); m != nil && at+4+length <= uint64(len(*m)) {
		buf = (*m)[at : at+4+length]
	} else {
		buf = make([]byte, 4+length)
		if _, err := r.f.ReadAt(buf, int64(at)); err != nil {
			if errors.Is(err, io.EOF) {
				err = errRankRecord
			}
			return "", fmt.Errorf("read rank file at %d: %w", at, err)
		}
	}
	if binary.LittleEndian.Uint32(buf) != crc32.Checksum(buf[4:], crcTable) {
		return "", fmt.Errorf("read rank file at %d: checksum: %w", at, errRankRecord)
	}
	return string(buf[4:]), nil
}

// close stops warm and closes the file.
func (r *rankFile) close() error {
	close(r.stop)
	r.warmed.Wait()
	if err := r.f.Close(); err != nil {
		return fmt.Errorf("close rank file: %w", err)
	}
	return nil
}
