package store

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestZZProbe(t *testing.T) {
	path := os.Getenv("PROBE_DB")
	if path == "" {
		t.Skip()
	}
	ctx := context.Background()
	_, statErr := os.Stat(path)
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ds := genDataset(benchSize, 1)
	if statErr != nil {
		if _, err := db.Import(ctx, ds); err != nil {
			t.Fatal(err)
		}
	}
	endorsers := sqlList(endorserKinds())
	if os.Getenv("PROBE_SETUP") != "" {
		for _, q := range []string{
			"CREATE TABLE snum (id TEXT PRIMARY KEY, num INTEGER UNIQUE)",
			"INSERT INTO snum SELECT id, row_number() OVER (ORDER BY id) FROM strategies",
			"CREATE TABLE pnum (id TEXT PRIMARY KEY, num INTEGER UNIQUE)",
			"INSERT INTO pnum SELECT id, row_number() OVER (ORDER BY id) FROM people",
			"ALTER TABLE stances ADD COLUMN snum INTEGER NOT NULL DEFAULT 0",
			"ALTER TABLE stances ADD COLUMN pnum INTEGER NOT NULL DEFAULT 0",
			"UPDATE stances SET snum = (SELECT num FROM snum WHERE id = strategy_id), pnum = (SELECT num FROM pnum WHERE id = person_id)",
			"CREATE INDEX stances_endorsed_num ON stances (pnum, snum, kind) WHERE kind IN ('endorses', 'mixed', 'conditional', 'evolved-toward')",
			"CREATE INDEX stances_endorsed_s ON stances (strategy_id, pnum, kind) WHERE kind IN ('endorses', 'mixed', 'conditional', 'evolved-toward')",
		} {
			if _, err := db.w.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, q := range []struct{ name, sql string }{
		{"stances", "SELECT " + stanceCols + " FROM stances st WHERE st.strategy_id = ? ORDER BY st.person_id"},
		{"quotes", "SELECT " + quoteCols + " FROM quotes q WHERE q.strategy_id = ? ORDER BY q.person_id, q.id"},
		{"agg", `SELECT o.strategy_id, count(*)
			FROM stances e JOIN stances o ON o.person_id = e.person_id
			WHERE e.strategy_id = ?1 AND e.kind IN ` + endorsers + `
			AND o.kind IN ` + endorsers + ` AND o.strategy_id <> ?1
			GROUP BY o.strategy_id`},
		{"aggnum", `SELECT o.snum, count(*)
			FROM stances e JOIN stances o ON o.pnum = e.pnum
			WHERE e.strategy_id = ?1 AND e.kind IN ` + endorsers + `
			AND o.kind IN ` + endorsers + ` AND o.strategy_id <> ?1
			GROUP BY o.snum`},
		{"aggnum2", `SELECT o.snum, count(*)
			FROM stances e JOIN stances o ON o.pnum = e.pnum
			WHERE e.strategy_id = ?1 AND e.kind IN ` + endorsers + `
			AND o.kind IN ` + endorsers + ` AND o.snum <> e.snum
			GROUP BY o.snum`},
	} {
		rows, _ := db.r.Query("EXPLAIN QUERY PLAN "+q.sql, "x")
		for rows.Next() {
			var a, b, c any
			var d string
			rows.Scan(&a, &b, &c, &d)
			t.Logf("  plan %s: %s", q.name, d)
		}
		rows.Close()
		st, err := db.r.Prepare(q.sql)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		rowsN := 0
		for i := 0; i < 300; i++ {
			rows, err := st.QueryContext(ctx, ds.Strategies[(i*7)%500].ID)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			for j := range vals {
				vals[j] = new(any)
			}
			for rows.Next() {
				rows.Scan(vals...)
				rowsN++
			}
			rows.Close()
		}
		t.Logf("%s: %v/op, %d rows/op", q.name, time.Since(start)/300, rowsN/300)
	}
}
