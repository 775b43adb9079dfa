package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/chzyer/readline"

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

// defaultBanner is the first line of a session whose Options name none.
const defaultBanner = "stancebot console. Type /help for the commands, quit to leave."

// Options configure a console session.
type Options struct {
	// Banner is the session's first line(s); "": defaultBanner.
	Banner string
	// Terminal turns the line editor on (history, Tab completion): for an
	// interactive terminal, never for a pipe.
	Terminal bool
	// HistoryFile keeps the line editor's history across sessions ("": none).
	HistoryFile string
}

// Run is the console's read-eval-print loop: it prompts, reads a command per
// line from in, and writes each reply to out. Blank lines are ignored;
// "quit", "exit", the end of in or ctx being done end it. A line without a
// slash that names no command searches quotes (see Line).
func Run(ctx context.Context, b *bot.Bot, in io.Reader, out io.Writer, opts Options) error {
	banner := opts.Banner
	if banner == "" {
		banner = defaultBanner
	}
	if _, err := fmt.Fprintln(out, banner); err != nil {
		return fmt.Errorf("console: %w", err)
	}
	var lines lineReader
	if opts.Terminal {
		rl, err := newEditor(ctx, b, in, out, opts.HistoryFile)
		if err != nil {
			return err
		}
		defer rl.Close()
		lines = rl
	} else {
		lines = newPlainReader(ctx, in, out)
	}
	for {
		line, err := lines.next()
		if errors.Is(err, io.EOF) || ctx.Err() != nil {
			fmt.Fprintln(out)
			return nil
		}
		if err != nil {
			return fmt.Errorf("console: read: %w", err)
		}
		line = strings.TrimSpace(line)
		switch strings.ToLower(line) {
		case "":
			continue
		case "quit", "exit":
			return nil
		}
		cmd := Line(b, line)
		reply := b.HandleLine(ctx, cmd, Request())
		if cmd != line && reply.Error != "" && len(reply.Cards) > 0 {
			reply.Cards[0].Title += " " + searchHint(b, line)
		}
		if err := Render(out, reply); err != nil {
			return fmt.Errorf("console: %w", err)
		}
	}
}

// Line is the command line a console line stands for: a line starting with
// a slash or with a command's name ("whoendorses open weights") as typed;
// any other line is the words of /quote ("hello" searches quotes).
func Line(b *bot.Bot, line string) string {
	if strings.HasPrefix(line, "/") {
		return line
	}
	first, _, _ := strings.Cut(line, " ")
	if _, ok := b.Command(strings.ToLower(first)); ok {
		return line
	}
	return "/quote " + line
}

// searchHint is added to a failed search of a line without a slash: how the
// console read it, and the command it may have meant.
func searchHint(b *bot.Bot, line string) string {
	first, _, _ := strings.Cut(line, " ")
	var names []string
	for _, c := range b.Commands() {
		names = append(names, c.Name)
	}
	if best, ok := bot.Closest(first, names); ok {
		return fmt.Sprintf("(A line without a slash searches quotes. Did you mean /%s?)", best)
	}
	return "(A line without a slash searches quotes; /help lists the commands.)"
}

// lineReader yields the console's input lines; io.EOF at the end.
type lineReader interface {
	next() (string, error)
}

// plainReader reads lines from a pipe or file, prompting on out, and stops
// when ctx is done.
type plainReader struct {
	ctx     context.Context
	out     io.Writer
	lines   chan string
	readErr chan error
}

func newPlainReader(ctx context.Context, in io.Reader, out io.Writer) *plainReader {
	p := &plainReader{ctx: ctx, out: out, lines: make(chan string), readErr: make(chan error, 1)}
	go func() {
		defer close(p.lines)
		r := bufio.NewReader(in)
		for {
			l, err := r.ReadString('\n')
			if l != "" {
				select {
				case p.lines <- l:
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					p.readErr <- err
				}
				return
			}
		}
	}()
	return p
}

func (p *plainReader) next() (string, error) {
	if _, err := fmt.Fprint(p.out, "> "); err != nil {
		return "", err
	}
	select {
	case <-p.ctx.Done():
		return "", p.ctx.Err()
	case l, ok := <-p.lines:
		if ok {
			return l, nil
		}
	}
	select {
	case err := <-p.readErr:
		return "", err
	default:
		return "", io.EOF
	}
}

// editor is the line editor of an interactive terminal (chzyer/readline):
// history, Tab completion of commands, options, strategies and people.
type editor struct {
	rl   *readline.Instance
	done chan struct{} // closed by Close
}

func newEditor(ctx context.Context, b *bot.Bot, in io.Reader, out io.Writer, history string) (*editor, error) {
	cfg := &readline.Config{
		Prompt:            "> ",
		HistoryFile:       history,
		HistorySearchFold: true,
		AutoComplete:      completer{ctx: ctx, b: b},
		Stdout:            out,
		Stderr:            out,
		InterruptPrompt:   "^C",
		EOFPrompt:         "quit",
	}
	if rc, ok := in.(io.ReadCloser); ok {
		cfg.Stdin = rc
	} else {
		cfg.Stdin = io.NopCloser(in)
	}
	rl, err := readline.NewEx(cfg)
	if err != nil {
		return nil, fmt.Errorf("console: line editor: %w", err)
	}
	e := &editor{rl: rl, done: make(chan struct{})}
	go func() {
		select {
		case <-ctx.Done():
			rl.Close() // ends a Readline waiting for input
		case <-e.done:
		}
	}()
	return e, nil
}

func (e *editor) next() (string, error) {
	for {
		l, err := e.rl.Readline()
		if errors.Is(err, readline.ErrInterrupt) {
			if l == "" {
				return "", io.EOF // ^C on an empty line leaves
			}
			continue // ^C drops the line being typed
		}
		return l, err
	}
}

// Close restores the terminal.
func (e *editor) Close() error {
	close(e.done)
	return e.rl.Close()
}
