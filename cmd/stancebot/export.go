package main

import (
	"context"
	"fmt"
	"io"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/seeds"
)

func init() {
	subcommands["export"] = subcommand{
		summary:  "write the store out as a dataset directory (TOML), which import reads back",
		synopsis: []string{"export [--data DIR] DATASET_DIR"},
		args:     []argHelp{{"DATASET_DIR", "the directory to write (created when missing; its dataset files are replaced)"}},
		examples: []string{"stancebot export /tmp/dataset", "stancebot import /tmp/dataset"},
		run:      runExport,
	}
}

// runExport runs `stancebot export [--data DIR] DATASET_DIR`: it writes the
// whole store in the dataset directory format (TOML files that `stancebot
// import DATASET_DIR` reads back; export -> import -> export is identical).
func runExport(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) (err error) {
	fs := newFlagSet("export")
	data := dataFlag(fs)
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: stancebot export [--data DIR] DATASET_DIR", errUsage)
	}
	a, err := openApp(ctx, appOptions{DataDir: *data, Logger: cliLogger(stderr), WithoutIndex: true})
	if err != nil {
		return err
	}
	defer a.closeInto(&err)
	ds, err := a.Store.Export(ctx)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := seeds.WriteDir(pos[0], ds); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	n := bot.ImportCounts{Strategies: len(ds.Strategies), People: len(ds.People), Stances: len(ds.Stances),
		Quotes: len(ds.Quotes), Stories: len(ds.Stories)}
	fmt.Fprintf(stdout, "wrote %s to %s\n", countsText(n), pos[0])
	return nil
}
