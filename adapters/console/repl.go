package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// Console identities: the one user and channel of a terminal session.
const (
	UserID    = "console"
	ChannelID = "console"
)

// Request returns the request context of the console: its platform, its one
// user and channel, who may always manage the channel.
func Request() bot.Request {
	return bot.Request{Platform: bot.PlatformConsole, UserID: UserID, ChannelID: ChannelID, CanManageChannel: true}
}

// Run is the console's read-eval-print loop: it prompts, reads a command per
// line from in, and writes each reply to out. Blank lines are ignored;
// "quit", "exit", the end of in or ctx being done end it.
func Run(ctx context.Context, b *bot.Bot, in io.Reader, out io.Writer) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		defer close(lines)
		r := bufio.NewReader(in)
		for {
			l, err := r.ReadString('\n')
			if l != "" {
				select {
				case lines <- l:
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					readErr <- err
				}
				return
			}
		}
	}()
	if _, err := fmt.Fprintln(out, "stancebot console. Type /help for the commands, quit to leave."); err != nil {
		return fmt.Errorf("console: %w", err)
	}
	for {
		if _, err := fmt.Fprint(out, "> "); err != nil {
			return fmt.Errorf("console: %w", err)
		}
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			fmt.Fprintln(out)
			return nil
		case line, ok = <-lines:
		}
		if !ok {
			fmt.Fprintln(out)
			select {
			case err := <-readErr:
				return fmt.Errorf("console: read: %w", err)
			default:
				return nil
			}
		}
		line = strings.TrimSpace(line)
		switch strings.ToLower(line) {
		case "":
			continue
		case "quit", "exit":
			return nil
		}
		reply := b.HandleLine(ctx, line, Request())
		if err := Render(out, reply); err != nil {
			return fmt.Errorf("console: %w", err)
		}
	}
}
