package index

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	mu        sync.Mutex // serialises add and sync
	f         *os.File
	size      atomic.Int64 // bytes written; the next word goes there
	damagedAt int64        // where the first line that cannot be a word starts; -1: none
	dirty     bool         // written since the last sync (under mu)
	words     atomic.Pointer[vellum.FST]
}

// createVocabulary creates an empty vocabulary in the index directory dir.
func createVocabulary(dir string) (*vocabulary, error) {
	f, err := os.OpenFile(filepath.Join(dir, vocabularyFileName), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create vocabulary: %w", err)
	}
	v := &vocabulary{f: f, damagedAt: -1}
	if err := v.publish(nil, nil); err != nil {
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
// (< 0: not cut).
func readVocabulary(f *os.File, committed int64) (*vocabulary, error) {
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	if committed >= 0 && int64(len(data)) > committed {
		if err := f.Truncate(committed); err != nil {
			return nil, fmt.Errorf("cut off what no catch-up recorded: %w", err)
		}
		data = data[:committed]
	}
	words, damagedAt := parseVocabulary(data)
	v := &vocabulary{f: f, damagedAt: int64(damagedAt)}
	v.size.Store(int64(len(data)))
	if err := v.publish(nil, words); err != nil {
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

// isWord reports whether a line of the vocabulary file can be a word.
func isWord(line []byte) bool {
	return len(line) > 0 && bytes.IndexByte(line, 0) < 0 && utf8.Valid(line)
}

// add appends to the vocabulary the words it does not have yet. They are
// searchable at once (a word no indexed quote has matches nothing); sync
// makes them durable.
func (v *vocabulary) add(words []string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	old := v.words.Load()
	var fresh []string
	for _, w := range words {
		if !isWord([]byte(w)) || strings.IndexByte(w, '\n') >= 0 {
			continue
		}
		if ok, err := old.Contains([]byte(w)); err != nil || !ok {
			fresh = append(fresh, w)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	slices.Sort(fresh)
	fresh = slices.Compact(fresh)
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
	return v.publish(old, fresh)
}

// publish makes the words of old (nil: none) and the sorted words fresh,
// which old does not have, the vocabulary's.
func (v *vocabulary) publish(old *vellum.FST, fresh []string) error {
	var buf bytes.Buffer
	b, err := vellum.New(&buf, nil)
	if err != nil {
		return fmt.Errorf("vocabulary: %w", err)
	}
	insert := func(w []byte) error {
		if err := b.Insert(w, 0); err != nil {
			return fmt.Errorf("vocabulary: %w", err)
		}
		return nil
	}
	if old != nil {
		it, err := old.Iterator(nil, nil)
		for err == nil {
			w, _ := it.Current()
			for len(fresh) > 0 && fresh[0] < string(w) {
				if err := insert([]byte(fresh[0])); err != nil {
					return err
				}
				fresh = fresh[1:]
			}
			if err := insert(w); err != nil {
				return err
			}
			err = it.Next()
		}
		if !errors.Is(err, vellum.ErrIteratorDone) {
			return fmt.Errorf("vocabulary: %w", err)
		}
	}
	for _, w := range fresh {
		if err := insert([]byte(w)); err != nil {
			return err
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
