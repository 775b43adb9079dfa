package store

import (
	"context"
	"reflect"
	"testing"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/seeds"
)

// TestStoriesAndCounts: Stories reads back every story as imported, and
// Counts counts what the store holds.
func TestStoriesAndCounts(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if got, err := db.Stories(ctx); err != nil || len(got) != 0 {
		t.Fatalf("an empty store: %v, %v", got, err)
	}
	if n, err := db.Counts(ctx); err != nil || n != (bot.ImportCounts{}) {
		t.Fatalf("an empty store counts %+v, %v", n, err)
	}
	ds, err := seeds.Default()
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, db, ds)
	got, err := db.Stories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ds.Stories) {
		t.Errorf("Stories = %+v\nwant %+v", got, ds.Stories)
	}
	n, err := db.Counts(ctx)
	want := bot.ImportCounts{Strategies: len(ds.Strategies), People: len(ds.People), Stances: len(ds.Stances),
		Quotes: len(ds.Quotes), Stories: len(ds.Stories)}
	if err != nil || n != want {
		t.Errorf("Counts = %+v, %v; want %+v", n, err, want)
	}
}
