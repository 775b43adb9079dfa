package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/seeds"
)

func TestGenIsDeterministicAndValid(t *testing.T) {
	sizes := genSizes{People: 120, Strategies: 12, Quotes: 900}
	a, b := genDataset(sizes, 3), genDataset(sizes, 3)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave two datasets")
	}
	if c := genDataset(sizes, 4); reflect.DeepEqual(a.Quotes, c.Quotes) {
		t.Error("another seed gave the same quotes")
	}
	if len(a.People) != 120 || len(a.Strategies) != 12 || len(a.Quotes) != 900 || len(a.Stances) < 120 {
		t.Errorf("sizes: %d people, %d strategies, %d quotes, %d stances", len(a.People), len(a.Strategies), len(a.Quotes), len(a.Stances))
	}
	if a.Board == nil || !a.Board.Synthetic {
		t.Errorf("board %+v is not marked synthetic", a.Board)
	}

	dir := t.TempDir()
	var out bytes.Buffer
	err := runGen(context.Background(), []string{"--people", "120", "--strategies", "12", "--quotes", "900", "--seed", "3", dir}, &out, &out)
	if err != nil {
		t.Fatal(err)
	}
	back, err := seeds.ReadDir(os.DirFS(dir), ".")
	if err != nil {
		t.Fatalf("the written dataset does not read back: %v", err)
	}
	ids := map[string]bool{}
	for _, q := range a.Quotes {
		ids[q.ID] = true
	}
	for _, q := range back.Quotes {
		delete(ids, q.ID)
	}
	if len(back.Quotes) != len(a.Quotes) || len(ids) != 0 {
		t.Errorf("read back %d quotes, wrote %d; %d missing", len(back.Quotes), len(a.Quotes), len(ids))
	}
	if !back.Board.Synthetic {
		t.Error("board.toml is not marked synthetic")
	}
}

func TestGenBadInput(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"a", "b"},
		{"--people", "0", "dir"},
		{"--quotes", "-1", "dir"},
		{"--nope", "dir"},
	} {
		var out bytes.Buffer
		if err := runGen(context.Background(), args, &out, &out); !errors.Is(err, errUsage) {
			t.Errorf("gen %v: %v, want a usage error", args, err)
		}
	}
}

func TestGenWordsLookLikeText(t *testing.T) {
	ds := genDataset(genSizes{People: 10, Strategies: 3, Quotes: 50}, 1)
	for _, q := range ds.Quotes {
		if strings.TrimSpace(q.Text) == "" || !strings.ContainsAny(q.Text[len(q.Text)-1:], ".!?") {
			t.Errorf("quote text %q", q.Text)
		}
	}
	if _, err := seeds.EncodeDataset(ds); err != nil {
		t.Errorf("generated dataset is invalid: %v", err)
	}
}
