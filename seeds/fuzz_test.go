package seeds

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stancebot/stancebot/bot"
)

// checkEncodes fails unless ds is a valid dataset that reads back unchanged.
func checkEncodes(t *testing.T, ds bot.Dataset) {
	t.Helper()
	files, err := EncodeDataset(ds)
	if err != nil {
		t.Fatalf("the parsed dataset does not encode: %v", err)
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	got, err := ReadDir(fsys, ".")
	if err != nil {
		t.Fatalf("the encoded dataset does not read back: %v", err)
	}
	if want := sortedDataset(ds); !reflect.DeepEqual(got, want) {
		t.Fatalf("read back =\n%+v\nwant\n%+v", got, want)
	}
}

func FuzzParseBoard(f *testing.F) {
	real := readRaw(f, "board-open-source.txt")
	f.Add(real)
	f.Add(real[:len(real)/2])
	f.Add([]byte(strings.ReplaceAll(string(real), "\n\n", "\n")))
	f.Add([]byte(synthPage{
		endorsers: "2", profiled: "1", opposers: "1",
		voices: []string{"  • AA\n\n    Emerging"},
		grid:   []string{"Commentator·· • × A• B·", "Frontier builder"},
		people: []string{person("A", "opposes", "“x”", "talkT· P· 2024· direct quote"), person("B", "mixed", "y", "§ paperT· 2024-02· loose paraphrase")},
	}.String()))
	f.Fuzz(func(t *testing.T, data []byte) {
		page, err := ParseBoard(data)
		if err != nil {
			return
		}
		if len(page.Dataset.Strategies) != 1 || len(page.Dataset.People) != len(page.Dataset.Stances) {
			t.Fatalf("%d strategies, %d people, %d stances", len(page.Dataset.Strategies), len(page.Dataset.People), len(page.Dataset.Stances))
		}
		checkEncodes(t, page.Dataset)
	})
}

func FuzzParseThread(f *testing.F) {
	f.Add(readRaw(f, "thread-open-models-resilience.txt"))
	f.Add([]byte("post\nLab head Ann Able says hi\nStory Overview\nA\nMost Activity\n@a @b x\npost\n\n@a y\n"))
	f.Add([]byte("post\n\n\nheadline only"))
	opts := ThreadOptions{PersonName: "Ann Able", StrategyID: "pause", Stance: bot.StanceMixed, Date: bot.Date{Year: 2026, Month: 1, Day: 2}}
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, _, err := ParseThread(data, opts)
		if err != nil {
			return
		}
		ds.Strategies = []bot.Strategy{{ID: opts.StrategyID, Name: "Pause"}}
		checkEncodes(t, ds)
	})
}

// FuzzReadDir reads fuzzed people, stances, quotes and stated files next to
// a fixed strategy: whatever reads must encode and read back unchanged.
func FuzzReadDir(f *testing.F) {
	full, err := EncodeDataset(fullDataset())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(full[peopleFile]), string(full[stancesFile]), string(full[quotesFile]), string(full[statedFile]))
	f.Add("[[person]]\nid = \"ann-able\"\nname = \"A\"\n[[person.pdoom]]\nlow = 1\nhigh = 2\n", "", "",
		"[[stated]]\nstrategy = \"open-source\"\nexpertise_mix = {commentator = 1}\n")
	f.Fuzz(func(t *testing.T, people, stances, quotes, stated string) {
		fsys := fstest.MapFS{
			strategiesFile: {Data: []byte("[[strategy]]\nid = \"open-source\"\nname = \"Open source\"\n[[strategy]]\nid = \"pause\"\nname = \"Pause\"\n")},
			peopleFile:     {Data: []byte(people)},
			stancesFile:    {Data: []byte(stances)},
			quotesFile:     {Data: []byte(quotes)},
			statedFile:     {Data: []byte(stated)},
		}
		ds, err := ReadDir(fsys, ".")
		if err != nil {
			return
		}
		checkEncodes(t, ds)
	})
}
