package main

import (
	"context"
	"fmt"
	"io"
	"net/url"

	"github.com/stancebot/stancebot/adapters/slack"
)

func init() {
	subcommands["slack"] = subcommand{
		summary:  "print the Slack app manifest, generated from the command registry",
		synopsis: []string{"slack manifest [--url https://HOST] [--name NAME] [--data DIR]"},
		args:     []argHelp{{"manifest", "the action: print the manifest (JSON) to standard output"}},
		examples: []string{"stancebot slack manifest > slack-manifest.json", "stancebot slack manifest --url https://bot.example.org > slack-manifest.json"},
		run:      runSlack,
	}
}

const slackUsage = "stancebot slack manifest [--url https://HOST] [--name NAME] [--data DIR]"

// runSlack runs `stancebot slack manifest`: it prints the Slack app manifest
// generated from the command registry (digests included), for Socket Mode,
// or for HTTP mode when --url gives the public base URL of `serve`.
func runSlack(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) (err error) {
	fs := newFlagSet("slack")
	data := dataFlag(fs)
	public := fs.String("url", "", "the public https base `URL` where serve receives Slack's requests (HTTP mode); empty: Socket Mode")
	name := fs.String("name", "stancebot", "the app's and bot user's `NAME` in Slack")
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "manifest" {
		return fmt.Errorf("%w: %s", errUsage, slackUsage)
	}
	if *public != "" {
		if u, err := url.Parse(*public); err != nil || u.Scheme != "https" || u.Host == "" {
			return fmt.Errorf("%w: --url %q: Slack needs an absolute https URL", errUsage, *public)
		}
	}
	a, err := openApp(ctx, appOptions{DataDir: *data, Logger: cliLogger(stderr), WithoutIndex: true})
	if err != nil {
		return err
	}
	defer a.closeInto(&err)
	out, err := slack.Manifest(a.Bot, slack.ManifestOptions{Name: *name, PublicURL: *public})
	if err != nil {
		return fmt.Errorf("slack manifest: %w", err)
	}
	if _, err := stdout.Write(out); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return nil
}
