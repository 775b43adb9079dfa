package store

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/seeds"
)

// TestTruncatedThreadKeepsStoredStory imports the real thread export cut
// at many offsets into a store that holds the whole one: every cut is
// refused (by the parser or the store), or changes nothing.
func TestTruncatedThreadKeepsStoredStory(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "seeds", "raw", "thread-open-models-resilience.txt"))
	if err != nil {
		t.Fatal(err)
	}
	opts := seeds.ThreadOptions{PersonName: "Thomas Wolf", StrategyID: "open-source", Stance: bot.StanceEndorses,
		Date: bot.Date{Year: 2026, Month: 11, Day: 21}}
	ds, err := seeds.Default()
	if err != nil {
		t.Fatal(err)
	}
	db := openTest(t)
	mustImport(t, db, ds)
	whole, _, err := seeds.ParseThread(data, opts)
	if err != nil {
		t.Fatal(err)
	}
	whole.People = nil // as the thread importer does for a person already stored
	if rep := mustImport(t, db, whole); rep.Added.Total()+rep.Changed.Total() != 0 {
		t.Fatalf("the whole export changed the default dataset: %+v", rep)
	}
	before := mustExport(t, db)
	refused := 0
	for n := 0; n < len(data); n += 3 {
		cut, _, err := seeds.ParseThread(data[:n], opts)
		if err == nil {
			cut.People = nil
			_, err = db.Import(t.Context(), cut)
		}
		if err != nil {
			if bot.ErrorCode(err) != bot.EINVALID {
				t.Fatalf("cut at %d: %v", n, err)
			}
			refused++
			continue
		}
		if after := mustExport(t, db); !reflect.DeepEqual(after, before) {
			t.Fatalf("cut at %d changed the store", n)
		}
	}
	if refused == 0 {
		t.Error("no cut was refused")
	}
}
