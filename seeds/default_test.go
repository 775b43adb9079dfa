package seeds

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/stancebot/stancebot/bot"
)

var update = flag.Bool("update", false, "rewrite golden files and the embedded dataset in data/")

// defaultThread is how the story export in raw/ is imported into the
// default dataset: what the export does not say.
var defaultThread = ThreadOptions{
	PersonName: "Thomas Wolf",
	StrategyID: "open-source",
	Stance:     bot.StanceEndorses,
	Date:       bot.Date{Year: 2026, Month: 11, Day: 21},
}

// buildDefault imports the real exports the way the default dataset is made.
func buildDefault(t *testing.T) bot.Dataset {
	t.Helper()
	page, err := ParseBoard(readRaw(t, "board-open-source.txt"))
	if err != nil {
		t.Fatalf("ParseBoard: %v", err)
	}
	thread, _, err := ParseThread(readRaw(t, "thread-open-models-resilience.txt"), defaultThread)
	if err != nil {
		t.Fatalf("ParseThread: %v", err)
	}
	return applyVerifications(t, merge(page.Dataset, thread))
}

// applyVerifications sets the moderators' judgements of verifications.toml
// on the quotes they name; a judgement of a quote not in ds fails.
func applyVerifications(t *testing.T, ds bot.Dataset) bot.Dataset {
	t.Helper()
	var file struct {
		Verification []struct {
			Quote, Status, By, On, Reason string
		}
	}
	md, err := toml.DecodeFile("verifications.toml", &file)
	if err != nil {
		t.Fatalf("verifications.toml: %v", err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		t.Fatalf("verifications.toml: unknown keys %v", un)
	}
	for _, v := range file.Verification {
		status, ok := bot.ParseVerification(v.Status)
		on, err := bot.ParseDate(v.On)
		if !ok || err != nil || v.By == "" || v.Reason == "" {
			t.Fatalf("verifications.toml: quote %s: want a status, by, on (a date) and a reason", v.Quote)
		}
		found := false
		for i, q := range ds.Quotes {
			if quoteID(q) == v.Quote {
				ds.Quotes[i].Verification = status
				ds.Quotes[i].Verdict = bot.Verdict{By: v.By, On: on, Reason: v.Reason}
				found = true
			}
		}
		if !found {
			t.Fatalf("verifications.toml: no quote %s in raw/", v.Quote)
		}
	}
	return ds
}

// merge adds b's entries to a; an entry a already has (by id) is kept as a has it.
func merge(a, b bot.Dataset) bot.Dataset {
	out := a
	if out.Board == nil {
		out.Board = b.Board
	}
	has := map[string]bool{}
	for _, s := range a.Strategies {
		has["s/"+s.ID] = true
	}
	for _, p := range a.People {
		has["p/"+p.ID] = true
	}
	for _, s := range a.Stances {
		has["st/"+s.PersonID+"/"+s.StrategyID] = true
	}
	for _, q := range a.Quotes {
		has["q/"+quoteID(q)] = true
	}
	for _, s := range b.Strategies {
		if !has["s/"+s.ID] {
			out.Strategies = append(out.Strategies, s)
		}
	}
	for _, p := range b.People {
		if !has["p/"+p.ID] {
			out.People = append(out.People, p)
		}
	}
	for _, s := range b.Stances {
		if !has["st/"+s.PersonID+"/"+s.StrategyID] {
			out.Stances = append(out.Stances, s)
		}
	}
	for _, q := range b.Quotes {
		if !has["q/"+quoteID(q)] {
			out.Quotes = append(out.Quotes, q)
		}
	}
	out.Stories = append(append([]bot.Story(nil), a.Stories...), b.Stories...)
	return out
}

func readRaw(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("raw", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestDefaultDataMatchesRaw fails when data/ is not what the importers
// make of raw/; go test -run TestDefaultDataMatchesRaw -update rewrites it.
func TestDefaultDataMatchesRaw(t *testing.T) {
	ds := buildDefault(t)
	if *update {
		if err := WriteDir("data", ds); err != nil {
			t.Fatal(err)
		}
	}
	want, err := EncodeDataset(ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range DatasetFiles {
		got, err := os.ReadFile(filepath.Join("data", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want[name]) {
			t.Errorf("data/%s differs from what the importers make of raw/ (run go generate ./seeds)", name)
		}
	}
}

func TestDefault(t *testing.T) {
	ds, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if ds.Board == nil || ds.Board.Name != "AGI Strategies" || ds.Board.ProfiledTotal != 248 {
		t.Errorf("board = %+v", ds.Board)
	}
	endorsers := 0
	for _, s := range ds.Stances {
		if s.StrategyID == "open-source" && s.Kind.IsEndorser() {
			endorsers++
		}
	}
	if endorsers != 38 || len(ds.People) != 38 || len(ds.Quotes) != 38 || len(ds.Stories) != 1 {
		t.Errorf("endorsers %d, people %d, quotes %d, stories %d; want 38, 38, 38, 1",
			endorsers, len(ds.People), len(ds.Quotes), len(ds.Stories))
	}
}
