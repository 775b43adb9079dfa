package index

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

// vocabularyWords returns the words of x's vocabulary, in order.
func vocabularyWords(t *testing.T, x *Index) []string {
	t.Helper()
	return fstTerms(openSnapshot(t, x).words, nil, nil, nil)
}

// textWords returns the distinct words of the quotes' texts as the words
// analyzer gives them, in order.
func textWords(x *Index, quotes []bot.Quote) []string {
	var out []string
	for _, q := range quotes {
		for _, tok := range x.wordsPipe.analyzer.Analyze([]byte(q.Text)) {
			out = append(out, string(tok.Term))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// readFile returns the content of the file at path.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestVocabularyHoldsTheIndexedWords: the vocabulary has exactly the
// words of the indexed quotes' texts; a synced import adds its new words,
// which typo correction then finds, and they are there after a reopen
// that rebuilds nothing (the file is unchanged: a rebuild writes every
// word in one sorted run).
func TestVocabularyHoldsTheIndexedWords(t *testing.T) {
	st, x, dir := openFixture(t)
	ctx := context.Background()
	if got, want := vocabularyWords(t, x), textWords(x, fixture().Quotes); !slices.Equal(got, want) {
		t.Fatalf("vocabulary %q, want the texts' words %q", got, want)
	}
	text := "Frontier labs are zeppelins: impressive, and one spark from disaster."
	added := bot.Quote{ID: bot.QuoteID("ada-pauser", "pause", text), PersonID: "ada-pauser", StrategyID: "pause",
		Text: text, Fidelity: bot.FidelityDirect,
		Source: bot.Source{Type: "talk", Title: "Airships", Publisher: "Fixture Conf", Date: bot.Date{Year: 2025}}}
	mustImportMore(t, st, bot.Dataset{Quotes: []bot.Quote{added}})
	if _, err := x.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	want := textWords(x, append(fixture().Quotes, added))
	if got := vocabularyWords(t, x); !slices.Equal(got, want) {
		t.Fatalf("vocabulary after the import %q, want %q", got, want)
	}
	hits, err := x.Search(ctx, bot.QuoteQuery{Words: "zepelins"})
	if err != nil || len(hits.Hits) == 0 || hits.Hits[0].QuoteID != added.ID {
		t.Fatalf("search for a typo of the new word: %+v, %v", hits, err)
	}
	file := filepath.Join(dir, vocabularyFileName)
	before := readFile(t, file)
	if !bytes.HasSuffix(before, []byte("zeppelins\n")) {
		t.Fatalf("vocabulary file ends %q, want the import's new words appended", before[max(0, len(before)-40):])
	}
	y := reopen(t, x, st, dir)
	if got := vocabularyWords(t, y); !slices.Equal(got, want) {
		t.Errorf("vocabulary after reopening %q, want %q", got, want)
	}
	if after := readFile(t, file); !bytes.Equal(after, before) {
		t.Errorf("vocabulary file changed by a reopen (rebuilt?):\n%q\nwas\n%q", after, before)
	}
}

// TestVocabularyPastTheRecordedSizeIsCutOff: what a crash leaves after the
// last recorded catch-up (words of a batch, a zeroed block, half a word)
// is cut off at open, without a rebuild; the next words go on a line of
// their own.
func TestVocabularyPastTheRecordedSizeIsCutOff(t *testing.T) {
	st, x, dir := openFixture(t)
	file := filepath.Join(dir, vocabularyFileName)
	built := readFile(t, file)
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	overwrite(t, file, int64(len(built)), "zebra\n\x00\x00\x00\x00\nquag")
	y := reopen(t, x, st, dir)
	if got := readFile(t, file); !bytes.Equal(got, built) {
		t.Fatalf("vocabulary file after reopening:\n%q\nwant what was built:\n%q", got, built)
	}
	if got := vocabularyWords(t, y); slices.Contains(got, "zebra") || slices.Contains(got, "quag") {
		t.Errorf("vocabulary %q has words past the recorded size", got)
	}
	text := "A quagga of a policy."
	mustImportMore(t, st, bot.Dataset{Quotes: []bot.Quote{{ID: bot.QuoteID("ada-pauser", "pause", text), PersonID: "ada-pauser",
		StrategyID: "pause", Text: text, Fidelity: bot.FidelityDirect, Source: bot.Source{Type: "talk", Title: "Zoo"}}}})
	if _, err := y.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, file); !bytes.Equal(got, append(built, "policy\nquagga\n"...)) {
		t.Errorf("vocabulary file after an import:\n%q\nwant what was built, then the new words", got)
	}
}

// TestDamagedVocabularyIsRebuilt: a line before the recorded size that
// cannot be a word (zeroed, or cut to a line without its newline) makes
// Open rebuild the index, so that typo correction is not silently lost.
func TestDamagedVocabularyIsRebuilt(t *testing.T) {
	for name, damage := range map[string]func(data []byte, at int) []byte{
		"a zeroed word": func(data []byte, at int) []byte {
			out := slices.Clone(data)
			copy(out[at:], make([]byte, len("public")))
			return out
		},
		"a word without its newline": func(data []byte, at int) []byte {
			return slices.Concat(data[:at], []byte("public"), data[at+len("public\n"):], []byte("\n"))
		},
	} {
		t.Run(name, func(t *testing.T) {
			st, x, dir := openFixture(t)
			file := filepath.Join(dir, vocabularyFileName)
			data := readFile(t, file)
			at := bytes.Index(data, []byte("\npublic\n")) + 1
			if at == 0 {
				t.Fatalf("no line \"public\" in %q", data)
			}
			if err := x.Close(); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, damage(data, at), 0o644); err != nil {
				t.Fatal(err)
			}
			y := reopen(t, x, st, dir)
			hits, err := y.Search(context.Background(), bot.QuoteQuery{Words: "pubilc"})
			if err != nil || len(hits.Hits) == 0 || personOf(t, st, hits.Hits[0].QuoteID) != "emad-mostaque" {
				t.Fatalf("search for a typo of a damaged word: %+v, %v", hits, err)
			}
		})
	}
}

// FuzzParseVocabulary: whatever a vocabulary file holds, its words are the
// lines before the first that cannot be a word, and after it, that can;
// each once, in order, and the damage is found where it starts.
func FuzzParseVocabulary(f *testing.F) {
	for _, seed := range []string{"", "open\nmodels\n", "open\nmod", "\x00\x00\n", "a\n\nb\n", "b\na\nb\n", "\xff\n", "a\n\x00\nb\n"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		words, damagedAt := parseVocabulary(data)
		if !slices.IsSorted(words) || len(slices.Compact(slices.Clone(words))) != len(words) {
			t.Fatalf("words %q: not sorted and distinct", words)
		}
		var want []string
		wantDamage := -1
		for at, line := range lines(data) {
			ok := strings.HasSuffix(line, "\n") && isWord([]byte(strings.TrimSuffix(line, "\n")))
			switch {
			case ok:
				want = append(want, strings.TrimSuffix(line, "\n"))
			case wantDamage < 0 || at < wantDamage:
				wantDamage = at
			}
		}
		slices.Sort(want)
		if want = slices.Compact(want); !slices.Equal(words, want) {
			t.Errorf("words %q, want %q", words, want)
		}
		if damagedAt != wantDamage {
			t.Errorf("damaged at %d, want %d", damagedAt, wantDamage)
		}
	})
}

// lines returns data's lines, each with its newline (the last may have
// none), by where it starts.
func lines(data []byte) map[int]string {
	out := map[int]string{}
	for at := 0; at < len(data); {
		n := bytes.IndexByte(data[at:], '\n') + 1
		if n == 0 {
			n = len(data) - at
		}
		out[at] = string(data[at : at+n])
		at += n
	}
	return out
}
