package index

import (
	"bytes"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
)

// analyzerPipeline is an analyzer of the mapping and its pipeline.
type analyzerPipeline struct {
	name     string
	analyzer analysis.Analyzer
	pipe     *pipeline
}

func testPipelines(t testing.TB) []analyzerPipeline {
	t.Helper()
	im, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	var out []analyzerPipeline
	for _, name := range []string{analyzerWords, en.AnalyzerName, analyzerName} {
		a := im.AnalyzerNamed(name)
		p, err := newPipeline(a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, analyzerPipeline{name: name, analyzer: a, pipe: p})
	}
	return out
}

// copyTokens copies tokens out of a reused buffer.
func copyTokens(ts analysis.TokenStream) []analysis.Token {
	out := make([]analysis.Token, len(ts))
	for i, t := range ts {
		out[i] = *t
		out[i].Term = bytes.Clone(t.Term)
	}
	return out
}

// checkSameTokens fails unless got are the tokens want.
func checkSameTokens(t *testing.T, what, text string, got []analysis.Token, want analysis.TokenStream) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s %q: %d tokens, want %d", what, text, len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if string(g.Term) != string(w.Term) || g.Start != w.Start || g.End != w.End || g.Position != w.Position ||
			g.Type != w.Type || g.KeyWord != w.KeyWord {
			t.Errorf("%s %q: token %d = %q@%d-%d pos %d type %d, want %q@%d-%d pos %d type %d", what, text, i,
				g.Term, g.Start, g.End, g.Position, g.Type, w.Term, w.Start, w.End, w.Position, w.Type)
		}
	}
}

// pipelineTexts are texts with what the analyzers treat specially.
func pipelineTexts() []string {
	texts := []string{
		"", " ", "The real risk is if regulation effectively bans open source.",
		"LeCun's AI doomsayers’ claims are 'preposterous'! Isn’t it? OpenAI’S models＇s",
		"Regulating 2,500 GPUs in 2024: 3.5x more, e-mail open_source speaker:lecun",
		"Émile Zoë Ölçer, Ångström ﬁnance", "日本語のテキストとカタカナ、中文", "İSTANBUL ǅ ΣΊΣΥΦΟΣ",
		"generalizations relational conditional hopping happily agreed feed", "\xff\xfeinvalid \xc3 utf8",
		strings.Repeat("long words ", 300),
	}
	for _, q := range fixture().Quotes {
		texts = append(texts, q.Text, q.Source.Title)
	}
	for _, p := range fixture().People {
		texts = append(texts, p.Name)
	}
	return texts
}

// A pipeline must give its analyzer's tokens, whatever the buffer analysed
// before.
func TestPipelineIsTheAnalyzer(t *testing.T) {
	for _, ap := range testPipelines(t) {
		var buf tokenBuf
		for pass := 0; pass < 2; pass++ {
			for _, text := range pipelineTexts() {
				got := copyTokens(ap.pipe.analyze(&buf, text))
				checkSameTokens(t, ap.name, text, got, ap.analyzer.Analyze([]byte(text)))
			}
		}
	}
}

// The rerank stems the words analysis rather than analysing the text again
// with "en": that must give the "en" analyzer's tokens.
func TestStemmedWordsAreTheTextAnalysis(t *testing.T) {
	pipes := testPipelines(t)
	words, en := pipes[0], pipes[1]
	var wbuf, sbuf tokenBuf
	for _, text := range pipelineTexts() {
		ws := words.pipe.analyze(&wbuf, text)
		want := copyTokens(ws)
		got := copyTokens(stemmed(&sbuf, ws))
		checkSameTokens(t, "stemmed", text, got, en.analyzer.Analyze([]byte(text)))
		// Stemming copies: the words stay as they were.
		checkSameTokens(t, "words after stemming", text, copyTokens(ws), words.analyzer.Analyze([]byte(text)))
		for i := range want {
			if got[i].Start != want[i].Start {
				t.Fatalf("%q: stem %d does not line up with its word", text, i)
			}
		}
	}
}

func FuzzPipeline(f *testing.F) {
	for _, text := range pipelineTexts() {
		f.Add(text)
	}
	pipes := testPipelines(f)
	var bufs [3]tokenBuf
	f.Fuzz(func(t *testing.T, text string) {
		for i, ap := range pipes {
			got := copyTokens(ap.pipe.analyze(&bufs[i], text))
			checkSameTokens(t, ap.name, text, got, ap.analyzer.Analyze([]byte(text)))
		}
	})
}
