package index

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/blevesearch/vellum"
)

// vocabularyFileName is the vocabulary's file in the index directory.
const vocabularyFileName = "words"

// A vocabulary is the set of the quotes' words as written (lowercased, stop
// words dropped, not stemmed: their rank documents' words slot), which typo
// correction and completion choose from (typo.go). A search matches a word
// by its stem; bleve held the words as a field of their own, whose postings
// only repeated the stems' and were a fifth of the mapped index.
//
// The file holds the words one a line, in the order they were first
// indexed. A batch's new words are appended, and synced, before bleve
// indexes the batch (as its rank records are, rankfile.go), so that the
// file has every word of the indexed quotes. The index's metadata records
// the file's size with the store version at each catch-up: an index whose
// file is shorter than that, or has a line before it that cannot be a
// word, is rebuilt. What is past it (the words of batches after the last
// catch-up a crash cut short, which the next catch-up indexes again, or
// what the crash left of them) is cut off at open. Words are never
// removed: one whose quotes are gone stays until the index is rebuilt, and
// typo correction passes over the words whose stem no quote has. In memory
// the words are an FST, rebuilt when a batch brings new ones.
type vocabulary struct {
	mu     sync.Mutex // serialises add and sync
	f      *os.File
	size   atomic.Int64 // bytes written; the next word goes there
	damage string       // why the file as opened calls for a rebuild ("is cut short ..."; "": it does not)
	dirty  bool         // written since the last sync (under mu)
	words  atomic.Pointer[vellum.FST]
}

// createVocabulary creates an empty vocabulary in the index directory dir.
func createVocabulary(dir string) (*vocabulary, error) {
	f, err := os.OpenFile(filepath.Join(dir, vocabularyFileName), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create vocabulary: %w", err)
	}
	v := &vocabulary{f: f}
	if err := v.publish(nil); err != nil {
		_ = f.Close()
		return nil, err
	}
	return v, nil
}

// openVocabulary opens the vocabulary of the index directory dir, cut to
// the size the index recorded, committed (< 0: unknown, not cut).
func openVocabulary(dir string, committed int64) (*vocabulary, error) {
	f, err := os.OpenFile(filepath.Join(dir, vocabularyFileName), os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("open vocabulary: %w", err)
	}
	v, err := readVocabulary(f, committed)
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("open vocabulary: %w", err)
	}
	return v, nil
}

// readVocabulary reads the vocabulary file f, cut to committed bytes
// (< 0: not cut), and says why it calls for a rebuild: shorter than
// committed, a line before it that cannot be a word, or committed unknown.
func readVocabulary(f *os.File, committed int64) (*vocabulary, error) {
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	v := &vocabulary{f: f}
	switch {
	case committed < 0:
		v.damage = "has no recorded size"
	case int64(len(data)) < committed:
		v.damage = fmt.Sprintf("is cut short (%d bytes, the index recorded %d)", len(data), committed)
	case int64(len(data)) > committed:
		if err := f.Truncate(committed); err != nil {
			return nil, fmt.Errorf("cut off what no catch-up recorded: %w", err)
		}
		data = data[:committed]
	}
	words, damagedAt := parseVocabulary(data)
	if damagedAt >= 0 && v.damage == "" {
		v.damage = fmt.Sprintf("is damaged at byte %d", damagedAt)
	}
	v.size.Store(int64(len(data)))
	if err := v.publish(words); err != nil {
		return nil, err
	}
	return v, nil
}

// parseVocabulary returns the distinct words of a vocabulary file's
// content, sorted, and where its first line that cannot be a word starts
// (-1: none). A line cannot be a word when it is empty, has a NUL byte (as
// a block a crash left zeroed), is not UTF-8, or has no newline at its end;
// it is passed over.
func parseVocabulary(data []byte) (words []string, damagedAt int) {
	damagedAt = -1
	for at := 0; at < len(data); {
		n := bytes.IndexByte(data[at:], '\n')
		if n < 0 {
			n = len(data) - at
		}
		if line := data[at : at+n]; at+n < len(data) && isWord(line) {
			words = append(words, string(line))
		} else if damagedAt < 0 {
			damagedAt = at
		}
		at += n + 1
	}
	slices.Sort(words)
	return slices.Compact(words), damagedAt
}

// isWord reports whether a line of the vocabulary file (or a word to
// write as one) can be a word.
func isWord(line []byte) bool {
	return len(line) > 0 && bytes.IndexByte(line, 0) < 0 && bytes.IndexByte(line, '\n') < 0 && utf8.Valid(line)
}

// add appends to the vocabulary the words it does not have yet; it sorts
// words. They are searchable at once (a word no indexed quote has matches
// nothing); sync makes them durable.
func (v *vocabulary) add(words []string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	old := v.words.Load()
	slices.Sort(words)
	var fresh []string
	for _, w := range slices.Compact(words) {
		if ok, err := old.Contains([]byte(w)); (err != nil || !ok) && isWord([]byte(w)) {
			fresh = append(fresh, w)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	var buf bytes.Buffer
	for _, w := range fresh {
		buf.WriteString(w)
		buf.WriteByte('\n')
	}
	at := v.size.Load()
	if _, err := v.f.WriteAt(buf.Bytes(), at); err != nil {
		return fmt.Errorf("write vocabulary: %w", err)
	}
	v.size.Store(at + int64(buf.Len()))
	v.dirty = true
	all := slices.Concat(fstTerms(old, nil, nil, nil), fresh)
	slices.Sort(all)
	return v.publish(all)
}

// publish makes the sorted, distinct words the vocabulary's.
func (v *vocabulary) publish(words []string) error {
	var buf bytes.Buffer
	b, err := vellum.New(&buf, nil)
	if err != nil {
		return fmt.Errorf("vocabulary: %w", err)
	}
	for _, w := range words {
		if err := b.Insert([]byte(w), 0); err != nil {
			return fmt.Errorf("vocabulary: %w", err)
		}
	}
	if err := b.Close(); err != nil {
		return fmt.Errorf("vocabulary: %w", err)
	}
	fst, err := vellum.Load(buf.Bytes())
	if err != nil {
		return fmt.Errorf("vocabulary: %w", err)
	}
	v.words.Store(fst)
	return nil
}

// sync makes the words added so far durable.
func (v *vocabulary) sync() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.dirty {
		return nil
	}
	if err := v.f.Sync(); err != nil {
		return fmt.Errorf("sync vocabulary: %w", err)
	}
	v.dirty = false
	return nil
}

// close closes the vocabulary's file.
func (v *vocabulary) close() error {
	if err := v.f.Close(); err != nil {
		return fmt.Errorf("close vocabulary: %w", err)
	}
	return nil
}

// fstTerms returns the words of fst from from (inclusive) to to
// (exclusive, nil: no end) that the automaton a accepts (nil: every word),
// in order.
func fstTerms(fst *vellum.FST, from, to []byte, a vellum.Automaton) []string {
	var it *vellum.FSTIterator
	var err error
	if a == nil {
		it, err = fst.Iterator(from, to)
	} else {
		it, err = fst.Search(a, from, to)
	}
	var out []string
	for err == nil {
		w, _ := it.Current()
		out = append(out, string(w))
		err = it.Next()
	}
	return out
}
