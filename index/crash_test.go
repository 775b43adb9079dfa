package index

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/internal/testenv"
)

// Environment of the helper process that TestCrashDuringImport kills.
const (
	envHelper   = "STANCEBOT_INDEX_CRASH_HELPER"
	envHelperDB = "STANCEBOT_INDEX_CRASH_DB"
	envHelperIx = "STANCEBOT_INDEX_CRASH_INDEX"
	envHelperAt = "STANCEBOT_INDEX_CRASH_FIRST_BATCH"
)

// crashBatch is how many quotes each import of the helper process adds:
// enough for an import and its indexing to take a while to kill in.
const crashBatch = 150

var crashWords = strings.Fields(`open source weights release models safety
regulation capture labs frontier pause training compute governance risk
research science share knowledge infrastructure data access public good
closed concentration power civil society academia developers ecosystem`)

// crashDataset is import number n of the helper: new people, one strategy
// per import, stances and crashBatch quotes of random words.
func crashDataset(n int) bot.Dataset {
	rng := rand.New(rand.NewSource(int64(n)))
	st := bot.Strategy{ID: fmt.Sprintf("strategy-%d", n), Name: fmt.Sprintf("Strategy %d", n)}
	ds := bot.Dataset{Strategies: []bot.Strategy{st}}
	for i := 0; i < crashBatch; i++ {
		p := bot.Person{ID: fmt.Sprintf("person-%d-%d", n, i), Name: fmt.Sprintf("Person %d %d", n, i)}
		words := make([]string, 12)
		for j := range words {
			words[j] = crashWords[rng.Intn(len(crashWords))]
		}
		ds.People = append(ds.People, p)
		ds.Stances = append(ds.Stances, bot.Stance{PersonID: p.ID, StrategyID: st.ID, Kind: bot.StanceEndorses, Summary: "s"})
		ds.Quotes = append(ds.Quotes, bot.Quote{PersonID: p.ID, StrategyID: st.ID, Fidelity: bot.FidelityLoose,
			Text: fmt.Sprintf("Quote %d of import %d: %s.", i, n, strings.Join(words, " "))})
	}
	return ds
}

// TestHelperProcess is the process TestCrashDuringImport kills: it imports
// one dataset after another into the store, indexing after each, and prints
// "imported N" as each is done. It does nothing in a normal test run.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(envHelper) != "1" {
		return
	}
	ctx := context.Background()
	db, err := store.Open(ctx, os.Getenv(envHelperDB), store.Options{Logger: testenv.Logger()})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	x, err := Open(ctx, os.Getenv(envHelperIx), db, Options{Logger: testenv.Logger(), BatchSize: 40})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	first, _ := strconv.Atoi(os.Getenv(envHelperAt))
	for n := first; ; n++ {
		if _, err := db.Import(ctx, crashDataset(n)); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		if _, err := x.Sync(ctx); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("imported", n)
	}
}

// TestCrashDuringImport kills (SIGKILL) a process in the middle of imports
// and their indexing, several times, and checks that opening the store and
// the index again leaves them consistent: every quote of the store is
// indexed and searchable, and the index holds nothing the store does not.
func TestCrashDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes")
	}
	dir := t.TempDir()
	dbPath, ixDir := filepath.Join(dir, "stancebot.db"), filepath.Join(dir, "quotes.bleve")
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	next := 0
	t0 := time.Now()
	for round := 0; round < 3; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
		cmd.Env = append(os.Environ(), envHelper+"=1", envHelperDB+"="+dbPath, envHelperIx+"="+ixDir,
			envHelperAt+"="+strconv.Itoa(next))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		imported := 0
		for imported < 2 && lines.Scan() {
			line := lines.Text()
			switch {
			case strings.HasPrefix(line, "error"):
				_ = cmd.Process.Kill()
				t.Fatalf("helper: %s", line)
			case strings.HasPrefix(line, "imported "):
				imported++
				next, _ = strconv.Atoi(strings.TrimPrefix(line, "imported "))
				next++
			}
		}
		// Somewhere in the next import or its indexing.
		time.Sleep(time.Duration(rng.Intn(150)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		// The killed import may or may not have committed: continue after it.
		next++
	}

	t.Logf("kills done %s", time.Since(t0))
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath, store.Options{Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	x, err := Open(ctx, ixDir, db, Options{Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	assertMirrors(t, x, db)

	quotes, err := db.QuotesSince(ctx, 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	if len(quotes) < 2*crashBatch {
		t.Fatalf("only %d quotes imported", len(quotes))
	}
	t.Logf("reopened %s", time.Since(t0))
	for _, q := range quotes {
		hits, err := x.Search(ctx, bot.QuoteQuery{Words: q.Quote.Text, PersonID: q.Quote.PersonID})
		if err != nil || len(hits.Hits) == 0 || hits.Hits[0].QuoteID != q.Quote.ID {
			t.Fatalf("quote %s is not searchable: %+v, %v", q.Quote.ID, hits, err)
		}
	}
	t.Logf("%d quotes consistent after 3 kills", len(quotes))
}
