package store

import (
	"context"
	"testing"
	"time"
)

func TestSourceRecord(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if _, ok, err := db.Source(ctx, "atlas"); err != nil || ok {
		t.Fatalf("Source of a new store: ok %v, err %v", ok, err)
	}
	when := time.Date(2026, 4, 24, 10, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	rec := SourceRecord{Name: "atlas", Kind: "atlas", URL: "https://example.org/board", Branch: "main", CommitID: "4b92d48aa", CommitTime: when}
	for _, commit := range []string{"4b92d48aa", "5c03e59bb"} {
		rec.CommitID = commit
		if err := db.RecordSource(ctx, rec); err != nil {
			t.Fatal(err)
		}
		got, ok, err := db.Source(ctx, "atlas")
		if err != nil || !ok {
			t.Fatalf("Source: ok %v, err %v", ok, err)
		}
		if got.CommitID != commit || !got.CommitTime.Equal(when) || got.URL != rec.URL || got.Branch != "main" || got.Kind != "atlas" || got.ImportedAt.IsZero() {
			t.Errorf("Source = %+v, want %+v with an import time", got, rec)
		}
	}
	if _, ok, err := db.Source(ctx, "other"); err != nil || ok {
		t.Errorf("Source of another name: ok %v, err %v", ok, err)
	}
}
