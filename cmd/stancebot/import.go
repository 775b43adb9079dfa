package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/seeds"
)

func init() {
	subcommands["import"] = subcommand{
		summary: "import a board page export, an X story export, a dataset directory or the board's git repository into the store",
		synopsis: []string{
			"import [--data DIR] board FILE",
			"import [--data DIR] thread FILE --person NAME --strategy ID --stance KIND [--date YYYY-MM-DD] [--summary TEXT]",
			"import [--data DIR] DATASET_DIR",
			"import [--data DIR] atlas PATH|URL [--rev COMMIT] [--history] [--name NAME]",
		},
		args: []argHelp{
			{"board FILE", "a strategy page exported from the AGI Strategies board (text)"},
			{"thread FILE", "an X story export (post, overview, replies); the flags say who posted it, on what, when if known (recorded as given at import)"},
			{"DATASET_DIR", "a dataset directory (the TOML files export writes)"},
			{"atlas PATH|URL", "the AGI Strategies board's git repository: a local working tree or bare repository, or a URL cloned into DATA/sources/NAME (docs/sources.md)"},
		},
		examples: []string{
			"stancebot import board seeds/raw/board-open-source.txt",
			"stancebot import thread seeds/raw/thread-open-models-resilience.txt --person \"Thomas Wolf\" --strategy open-source --stance endorses --date 2026-11-21",
			"stancebot import /tmp/dataset",
			"stancebot import atlas https://github.com/NoahLloyd/strategy-atlas",
			"stancebot import atlas ./strategy-atlas --rev 4b92d48 --history",
		},
		notes: "Each import is one transaction and idempotent: importing the same input twice records nothing new.",
		run:   runImport,
	}
}

// importFlags are the flags of `stancebot import` that only apply to a
// thread export, which does not say who posted, on which strategy, with
// which stance, or when (what they give is recorded as given at import),
// and those of the board's repository.
type importFlags struct {
	person, strategy, stance, date, summary string
	atlas                                   atlasFlags
}

// runImport runs `stancebot import`: it reads a board page export, an X
// story export or a dataset directory, imports it into the store in one
// transaction (importing the same input twice changes nothing), and
// prints what was added and changed and every warning of the import.
func runImport(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) (err error) {
	var f importFlags
	fs := newFlagSet("import")
	data := dataFlag(fs)
	fs.StringVar(&f.person, "person", "", "thread: the `NAME` of the post's author")
	fs.StringVar(&f.strategy, "strategy", "", "thread: the strategy the post is on (`ID`, name or alias; must be in the store)")
	fs.StringVar(&f.stance, "stance", "", "thread: the author's stance `KIND` (endorses, opposes, mixed, conditional, evolved-toward)")
	fs.StringVar(&f.date, "date", "", "thread: the post's date if known (`YYYY-MM-DD`, or YYYY-MM, YYYY)")
	fs.StringVar(&f.summary, "summary", "", "thread: the stance's one-line `TEXT` summary, if any")
	f.atlas.register(fs)
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	kind, file, err := importTarget(pos, f)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, appOptions{DataDir: *data, Logger: cliLogger(stderr), WithoutIndex: true})
	if err != nil {
		return err
	}
	defer a.closeInto(&err)
	if kind == "atlas" {
		return runImportAtlas(ctx, a, file, f.atlas, stdout, stderr)
	}
	var (
		ds       bot.Dataset
		warnings []string
	)
	switch kind {
	case "board":
		ds, warnings, err = readBoard(file)
	case "thread":
		ds, warnings, err = readThread(ctx, a, file, f)
	default:
		ds, err = readDatasetDir(file)
	}
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	rep, err := a.Store.Import(ctx, ds)
	if err != nil {
		if c := bot.ErrorCode(err); c == bot.EINVALID || c == bot.ENOTFOUND {
			return badInput{fmt.Errorf("import %s: %s", file, bot.ErrorMessage(err))}
		}
		return fmt.Errorf("import %s: %w", file, err)
	}
	fmt.Fprintf(stdout, "imported %s into %s\n  added:   %s\n  changed: %s\n", file, a.Dir, countsText(rep.Added), countsText(rep.Changed))
	return nil
}

// importTarget checks the positional arguments and flags: what kind of
// input ("board", "thread" or "dir") and the file or directory.
func importTarget(pos []string, f importFlags) (kind, file string, err error) {
	threadFlags := f.person != "" || f.strategy != "" || f.stance != "" || f.date != "" || f.summary != ""
	switch {
	case len(pos) == 2 && pos[0] == "atlas" && !threadFlags:
		return "atlas", pos[1], nil
	case f.atlas.set():
		return "", "", fmt.Errorf("%w: --rev, --history and --name are for atlas only", errUsage)
	case len(pos) == 2 && pos[0] == "thread":
		var missing []string
		for _, fl := range []struct{ name, v string }{{"--person", f.person}, {"--strategy", f.strategy}, {"--stance", f.stance}} {
			if strings.TrimSpace(fl.v) == "" {
				missing = append(missing, fl.name)
			}
		}
		if len(missing) > 0 {
			return "", "", fmt.Errorf("%w: a thread export does not say %s: give them as flags", errUsage, strings.Join(missing, ", "))
		}
		return "thread", pos[1], nil
	case threadFlags:
		return "", "", fmt.Errorf("%w: --person, --strategy, --stance, --date and --summary are for thread exports only", errUsage)
	case len(pos) == 2 && pos[0] == "board":
		return "board", pos[1], nil
	case len(pos) == 1 && pos[0] != "board" && pos[0] != "thread" && pos[0] != "atlas":
		if st, err := os.Stat(pos[0]); err == nil && !st.IsDir() {
			return "", "", fmt.Errorf("%w: %s is a file, not a dataset directory: for a board page export, "+
				"stancebot import board %s (an X story export: stancebot import thread %s --person ... )", errUsage, pos[0], pos[0], pos[0])
		}
		return "dir", pos[0], nil
	}
	return "", "", fmt.Errorf("%w: want board FILE, thread FILE, atlas PATH|URL or a dataset directory", errUsage)
}

// readBoard parses a board page export.
func readBoard(file string) (bot.Dataset, []string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return bot.Dataset{}, nil, badInput{fmt.Errorf("read board export: %w", err)}
	}
	page, err := seeds.ParseBoard(data)
	if err != nil {
		return bot.Dataset{}, nil, badInput{fmt.Errorf("%s: %s", file, bot.ErrorMessage(err))}
	}
	return page.Dataset, page.Warnings, nil
}

// readThread parses an X story export with what the flags say about it.
// The strategy must be in the store (found as the commands find it); a
// person already in the store is kept as stored (the export knows less
// about them than the store does).
func readThread(ctx context.Context, a *app, file string, f importFlags) (bot.Dataset, []string, error) {
	kind, ok := bot.ParseStanceKind(f.stance)
	if !ok {
		return bot.Dataset{}, nil, fmt.Errorf("%w: --stance %q: want endorses, opposes, mixed, conditional or evolved-toward", errUsage, f.stance)
	}
	date, err := bot.ParseDate(f.date)
	if err != nil {
		return bot.Dataset{}, nil, fmt.Errorf("%w: --date: %v", errUsage, err)
	}
	strategy, err := a.Bot.FindStrategy(ctx, f.strategy)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		return bot.Dataset{}, nil, fmt.Errorf("%w: --strategy %q is not in the store (import its board page first): %s",
			errUsage, f.strategy, bot.ErrorMessage(err))
	} else if err != nil {
		return bot.Dataset{}, nil, fmt.Errorf("import thread: %w", err)
	}
	cat, err := a.Store.Catalog(ctx)
	if err != nil {
		return bot.Dataset{}, nil, fmt.Errorf("import thread: %w", err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return bot.Dataset{}, nil, badInput{fmt.Errorf("read thread export: %w", err)}
	}
	ds, warnings, err := seeds.ParseThread(data, seeds.ThreadOptions{PersonName: f.person, StrategyID: strategy.ID, Stance: kind,
		Date: date, Summary: f.summary})
	if err != nil {
		return bot.Dataset{}, nil, badInput{fmt.Errorf("%s: %s", file, bot.ErrorMessage(err))}
	}
	var people []bot.Person
	for _, p := range ds.People {
		if stored, ok := findPerson(cat.People, p.ID); ok {
			warnings = append(warnings, fmt.Sprintf("%s is already in the store: kept as stored (role, tiers and aliases unchanged)", stored.Name))
			continue
		}
		people = append(people, p)
	}
	ds.People = people
	return ds, warnings, nil
}

// findPerson finds a person by id.
func findPerson(ps []bot.Person, id string) (bot.Person, bool) {
	for _, p := range ps {
		if p.ID == id {
			return p, true
		}
	}
	return bot.Person{}, false
}

// readDatasetDir reads a dataset directory; its errors name the file and line.
func readDatasetDir(dir string) (bot.Dataset, error) {
	ds, err := seeds.ReadDir(os.DirFS(dir), ".")
	var fe *seeds.FileError
	if errors.As(err, &fe) {
		fe.File = filepath.Join(dir, filepath.FromSlash(fe.File))
		return bot.Dataset{}, badInput{fe}
	}
	if err != nil {
		return bot.Dataset{}, fmt.Errorf("import %s: %w", dir, err)
	}
	return ds, nil
}

// countsText says how many of each kind: "1 strategy, 37 people, 37 quotes" or "nothing".
func countsText(c bot.ImportCounts) string {
	var parts []string
	for _, n := range []struct {
		n            int
		one, several string
	}{
		{c.Strategies, "strategy", "strategies"}, {c.People, "person", "people"}, {c.Stances, "stance", "stances"},
		{c.Quotes, "quote", "quotes"}, {c.Stories, "story", "stories"}, {c.Board, "board", "boards"},
	} {
		switch {
		case n.n == 1:
			parts = append(parts, "1 "+n.one)
		case n.n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n.n, n.several))
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

// badInput is an error in what the user gave (a file, a directory): it
// prints as the error it wraps and exits with status 2, like errUsage.
type badInput struct{ err error }

func (e badInput) Error() string   { return e.err.Error() }
func (e badInput) Unwrap() []error { return []error{e.err, errUsage} }
