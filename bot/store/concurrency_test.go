package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

// TestReadersWhileWriting runs reports on the read pool while imports write:
// in WAL mode readers neither wait for nor fail on the writer, and each read
// sees one consistent snapshot.
func TestReadersWhileWriting(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := openTest(t)
	ds := genDataset(genSize{Strategies: 10, People: 60, StancesPerPerson: 4, Quotes: 120}, 5)
	mustImport(t, db, ds)

	const readers = 4
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		errs   []error
		nreads int
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				s := ds.Strategies[(i+r)%len(ds.Strategies)]
				rep, err := db.StrategyReport(ctx, s.ID)
				if err != nil {
					if ctx.Err() == nil {
						fail(err)
					}
					return
				}
				// Every stance of one snapshot has its person.
				for _, ps := range rep.Stances {
					if ps.Person.ID != ps.Stance.PersonID {
						fail(fmt.Errorf("stance of %s paired with %s", ps.Stance.PersonID, ps.Person.ID))
					}
				}
				if _, err := db.QuoteViews(ctx, []string{ds.Quotes[i%len(ds.Quotes)].ID}); err != nil && ctx.Err() == nil {
					fail(err)
				}
				mu.Lock()
				nreads++
				mu.Unlock()
			}
		}()
	}

	// Each round flips every stance of one strategy and adds a person.
	kinds := []bot.StanceKind{bot.StanceOpposes, bot.StanceEndorses}
	for round := 0; round < 20; round++ {
		var next bot.Dataset
		for _, st := range ds.Stances {
			if st.StrategyID == ds.Strategies[round%len(ds.Strategies)].ID {
				st.Kind = kinds[round%2]
				next.Stances = append(next.Stances, st)
			}
		}
		next.People = []bot.Person{{ID: fmt.Sprintf("writer-%02d", round), Name: "Writer"}}
		if _, err := db.Import(ctx, next); err != nil {
			t.Fatalf("import round %d: %v", round, err)
		}
	}
	cancel()
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	if nreads == 0 {
		t.Error("no read completed while writing")
	}
	if c, err := db.Catalog(context.Background()); err != nil || len(c.People) != len(ds.People)+20 {
		t.Errorf("catalog after writes: %d people, %v", len(c.People), err)
	}
}
