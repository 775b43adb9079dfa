package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	"github.com/go-git/go-git/v5/plumbing/transport/file"
	"github.com/go-git/go-git/v5/plumbing/transport/server"

	"github.com/stancebot/stancebot/atlas"
	"github.com/stancebot/stancebot/atlas/atlastest"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/config"
	"github.com/stancebot/stancebot/internal/testenv"
)

// commitIDs are the commit ids of the fixture repository at dir, oldest first.
func commitIDs(t *testing.T, dir string) []string {
	t.Helper()
	r, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for h := head.Hash(); ; {
		c, err := r.CommitObject(h)
		if err != nil {
			t.Fatal(err)
		}
		ids = append([]string{c.Hash.String()}, ids...)
		if c.NumParents() == 0 {
			return ids
		}
		h = c.ParentHashes[0]
	}
}

func TestImportAtlasIntoSeededStore(t *testing.T) {
	for _, bare := range []bool{true, false} {
		repo := atlastest.Repo(t, bare, atlastest.V1(), atlastest.V2())
		ids := commitIDs(t, repo)
		data := t.TempDir()
		stdout, stderr := mustRun(t, "import", "--data", data, "atlas", repo, "--rev", ids[0][:8])
		for _, want := range []string{
			"imported atlas commit " + ids[0][:7] + " (2026-03-01 12:00 UTC) from " + repo,
			"the commit holds: 3 strategies, 4 people, 6 positions, 6 quotes\n",
			"added:     2 strategies, 3 people, 5 positions, 6 quotes\n",
			"changed:   1 strategy, 1 person, 1 position, 1 board\n",
			"matched: strategy open-source-maximalism is the store's open-source (same name)\n",
			"matched: person clem-delangue is the store's clement-delangue (same name)\n",
			"in the store, not on the board (kept as they are): person ada-rose-cannon, ",
			", person thomas-wolf, ",
		} {
			if !strings.Contains(stdout, want) {
				t.Errorf("bare=%v: the import did not say %q:\n%s%s", bare, want, stdout, stderr)
			}
		}
		// the board's ids find the store's entities
		byBoardID, _ := mustRun(t, "ask", "--data", data, "/whoendorses open-source-maximalism")
		byStoreID, _ := mustRun(t, "ask", "--data", data, "/whoendorses open-source")
		if byBoardID != byStoreID || !strings.HasPrefix(byBoardID, "Open source") {
			t.Errorf("bare=%v: /whoendorses open-source-maximalism:\n%s", bare, byBoardID)
		}
		if out, _ := mustRun(t, "ask", "--data", data, "/person clem-delangue"); !strings.Contains(out, "Argues open models are safer.") {
			t.Errorf("bare=%v: /person clem-delangue:\n%s", bare, out)
		}
		a, err := openApp(context.Background(), appOptions{DataDir: data, WithoutIndex: true})
		if err != nil {
			t.Fatal(err)
		}
		rec, ok, err := a.Store.Source(context.Background(), "atlas")
		if cerr := a.Close(); cerr != nil {
			t.Error(cerr)
		}
		if err != nil || !ok || rec.CommitID != ids[0] || !rec.CommitTime.Equal(atlastest.Time) || rec.URL != repo || rec.Kind != "atlas" {
			t.Errorf("bare=%v: recorded source %+v, ok %v, err %v", bare, rec, ok, err)
		}
	}
}

func TestImportAtlasRefusesBrokenModule(t *testing.T) {
	files := atlastest.V1()
	files["src/data/people-a-02.ts"] = "export const people = [\n  { id: \"x\",\n  name: \n];\n"
	repo := atlastest.Repo(t, true, files)
	data := t.TempDir()
	before, _ := mustRun(t, "ask", "--data", data, "/whoendorses open source")
	code, stdout, stderr := runCmd(t, "import", "--data", data, "atlas", repo)
	if code != 2 || !strings.Contains(stderr, "src/data/people-a-02.ts:4:") || !strings.Contains(stderr, "nothing imported") {
		t.Errorf("exit %d, stdout %q, stderr %q: want status 2 naming the file and line", code, stdout, stderr)
	}
	after, _ := mustRun(t, "ask", "--data", data, "/whoendorses open source")
	if before != after {
		t.Errorf("a refused import changed the store:\n%s\n--- before ---\n%s", after, before)
	}
	if code, _, stderr := runCmd(t, "import", "--data", data, "board", "x", "--rev", "abc"); code != 2 || !strings.Contains(stderr, "atlas only") {
		t.Errorf("--rev without atlas: exit %d, %s", code, stderr)
	}
}

// BenchmarkImportAtlas imports the fixture's head commit into a new store
// (first) and again into the same store (again: nothing changes).
func BenchmarkImportAtlas(b *testing.B) {
	ctx := context.Background()
	dir := atlastest.Repo(b, true, atlastest.V1(), atlastest.V2())
	repo, err := atlas.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	log := testenv.Logger()
	open := func() *store.DB {
		db, err := store.Open(ctx, filepath.Join(b.TempDir(), "store.db"), store.Options{Logger: log})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = db.Close() })
		return db
	}
	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			db := open()
			b.StartTimer()
			if _, err := importAtlas(ctx, db, repo, atlasSource{Location: dir}, log); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("again", func(b *testing.B) {
		db := open()
		if _, err := importAtlas(ctx, db, repo, atlasSource{Location: dir}, log); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := importAtlas(ctx, db, repo, atlasSource{Location: dir}, log); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// serveFileURLs makes go-git serve file:// URLs in process (its file
// transport otherwise runs git-upload-pack), for the rest of the test.
func serveFileURLs(t *testing.T) {
	client.InstallProtocol("file", server.DefaultServer)
	t.Cleanup(func() { client.InstallProtocol("file", file.DefaultClient) })
}

func TestImportAtlasURLThenFollow(t *testing.T) {
	serveFileURLs(t)
	ctx := context.Background()
	remote := atlastest.Repo(t, true, atlastest.V1())
	url := "file://" + remote
	data := t.TempDir()
	stdout, stderr := mustRun(t, "import", "--data", data, "atlas", url, "--name", "board")
	if !strings.Contains(stdout, "imported board commit ") || !strings.Contains(stdout, "from "+url) {
		t.Errorf("import of a URL said:\n%s%s", stdout, stderr)
	}
	clone := filepath.Join(data, "sources", "board")
	if _, err := git.PlainOpen(clone); err != nil {
		t.Fatalf("no clone in %s: %v", clone, err)
	}

	a, err := openApp(ctx, appOptions{DataDir: data, WithoutIndex: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := a.Close(); err != nil {
			t.Error(err)
		}
	}()
	log := testenv.Logger()
	src := config.Source{Name: "board", Kind: "atlas", URL: url, Every: time.Minute}
	if imported, err := followOnce(ctx, a.Dir, a.Store, src, log); err != nil || imported {
		t.Errorf("following an unchanged remote: imported %v, err %v", imported, err)
	}
	before, err := a.Store.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	atlastest.Append(t, remote, atlastest.V2())
	if imported, err := followOnce(ctx, a.Dir, a.Store, src, log); err != nil || !imported {
		t.Fatalf("following a remote with a new commit: imported %v, err %v", imported, err)
	}
	rec, _, err := a.Store.Source(ctx, "board")
	if err != nil {
		t.Fatal(err)
	}
	if want := commitIDs(t, remote)[1]; rec.CommitID != want || rec.Branch != "master" {
		t.Errorf("recorded %s on %q, want the new head %s on the remote's default branch", rec.CommitID, rec.Branch, want)
	}
	if after, err := a.Store.Version(ctx); err != nil || after <= before {
		t.Errorf("the store's version went from %d to %d (%v)", before, after, err)
	}
	if imported, err := followOnce(ctx, a.Dir, a.Store, src, log); err != nil || imported {
		t.Errorf("following again: imported %v, err %v", imported, err)
	}

	// a broken head is refused and logged; the store keeps what it had
	broken := atlastest.V2()
	broken["src/lib/strategy-tags.ts"] = "export const strategyTags = [;\n"
	atlastest.Append(t, remote, broken)
	v, _ := a.Store.Version(ctx)
	if _, err := followOnce(ctx, a.Dir, a.Store, src, log); err == nil || !strings.Contains(err.Error(), "src/lib/strategy-tags.ts:1") {
		t.Errorf("a broken head: %v", err)
	}
	if v2, _ := a.Store.Version(ctx); v2 != v {
		t.Errorf("a refused head changed the store: version %d -> %d", v, v2)
	}

	// follow runs until its context ends, whatever each fetch says
	fctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { follow(fctx, a.Dir, a.Store, src, log); close(done) }()
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("follow did not return when its context ended")
	}
}

func TestImportAtlasNewerCommit(t *testing.T) {
	repo := atlastest.Repo(t, false, atlastest.V1(), atlastest.V2())
	ids := commitIDs(t, repo)
	data := t.TempDir()
	mustRun(t, "import", "--data", data, "atlas", repo, "--rev", ids[0])
	again, _ := mustRun(t, "import", "--data", data, "atlas", repo, "--rev", ids[0])
	if !strings.Contains(again, "added:     nothing\n  changed:   nothing\n  retracted: nothing\n") {
		t.Errorf("re-importing the same commit changed the store:\n%s", again)
	}
	newer, _ := mustRun(t, "import", "--data", data, "atlas", repo)
	// V2: Clément gains a position on pause with a quote, Cy Dorn's pause
	// stance changes from mixed to opposes, Bo Ren's tentative position and
	// its quote are removed.
	if want := "added:     1 position, 1 quote\n  changed:   1 position\n  retracted: 1 position, 1 quote\n"; !strings.Contains(newer, want) {
		t.Errorf("importing the newer commit said:\n%s\nwant %q", newer, want)
	}
	if again, _ := mustRun(t, "import", "--data", data, "atlas", repo); !strings.Contains(again, "added:     nothing\n  changed:   nothing\n  retracted: nothing\n") {
		t.Errorf("re-importing the newer commit changed the store:\n%s", again)
	}
	person, _ := mustRun(t, "ask", "--data", data, "/person bo-ren")
	if strings.Contains(person, "Open models seem fine to me.") {
		t.Errorf("a retracted quote is still shown as current:\n%s", person)
	}

	// V3 merges Bo Ren into Cy Dorn: reported against the commit imported last
	mustRun(t, "import", "--data", data, "atlas", repo, "--rev", ids[0])
	atlastest.Append(t, repo, atlastest.V3())
	merged, _ := mustRun(t, "import", "--data", data, "atlas", repo)
	if want := "merged upstream: person bo-ren is now cy-dorn (1 of its positions moved)\n"; !strings.Contains(merged, want) {
		t.Errorf("importing a merge said:\n%s\nwant %q", merged, want)
	}
}

func TestServeFollowsASource(t *testing.T) {
	f := startFakes(t)
	data := t.TempDir()
	cfg := configFromEnv(t, map[string]string{
		"DISCORD_PUBLIC_KEY":   f.discord.PublicKey(),
		"DISCORD_APP_ID":       f.discord.AppID(),
		"STANCEBOT_DATA_DIR":   data,
		"STANCEBOT_SLACK_MODE": "off",
	})
	repo := atlastest.Repo(t, false, atlastest.V1())
	cfg.Sources = []config.Source{{Name: "atlas", Kind: "atlas", URL: repo, Every: time.Minute}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := startServe(t, ctx, cfg, serveOptions{Logger: testenv.Logger(), adapterHooks: f.hooks()})
	waitReady(t, base, done)

	// serve imports the source at start-up, beside which an import by hand works
	want := commitIDs(t, repo)[0]
	deadline := time.Now().Add(30 * time.Second)
	for {
		a, err := openApp(ctx, appOptions{DataDir: data, WithoutIndex: true})
		if err != nil {
			t.Fatal(err)
		}
		rec, ok, err := a.Store.Source(ctx, "atlas")
		if cerr := a.Close(); cerr != nil {
			t.Fatal(cerr)
		}
		if err != nil {
			t.Fatal(err)
		}
		if ok && rec.CommitID == want {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not import the source's head %s (recorded: %+v)", want, rec)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(cfg.HTTP.ShutdownTimeout + 5*time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestImportAtlasHistory(t *testing.T) {
	ctx := context.Background()
	repo := atlastest.Repo(t, true, atlastest.V1(), atlastest.V2())
	data := t.TempDir()
	stdout, _ := mustRun(t, "import", "--data", data, "atlas", repo, "--history")
	if want := "(2 commits, 2 data states evaluated, 0 that do not load skipped)"; !strings.Contains(stdout, want) {
		t.Errorf("import --history said:\n%s\nwant %q", stdout, want)
	}
	a, err := openApp(ctx, appOptions{DataDir: data, WithoutIndex: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := a.Close(); err != nil {
			t.Error(err)
		}
	}()
	ds, err := a.Store.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first, second := atlastest.Time, atlastest.Time.Add(24*time.Hour)
	n := 0
	for _, s := range ds.Stances {
		want := first
		switch {
		case s.PersonID == "clement-delangue" && s.StrategyID == "pause":
			want = second // the second commit added it
		case s.PersonID == "thomas-wolf" || (s.PersonID != "ada-quill" && s.PersonID != "cy-dorn" && s.PersonID != "clement-delangue"):
			continue // the seed's
		}
		n++
		if !s.SourceTime.Equal(want) {
			t.Errorf("stance %s on %s recorded by the board at %s, want %s", s.PersonID, s.StrategyID, s.SourceTime, want)
		}
	}
	if n != 6 {
		t.Errorf("%d of the board's stances checked, want 6", n)
	}
}
