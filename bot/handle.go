package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"
)

// Handle answers one command. It never fails: every error becomes an
// Ephemeral Reply whose Error is the error's code and whose one card's title
// is one clear line for the user. The limits (Options.Limits) apply to every
// request, known command or not. Each call logs one line and tells the
// Observer.
func (b *Bot) Handle(ctx context.Context, req Request) Reply {
	start := time.Now()
	cmd, known := b.Command(req.Command)
	if err := b.limiter.allow(req, b.opts.Now()); err != nil {
		// A refused command is still counted under its name.
		return b.finish(ctx, req.Platform, cmd.Name, start, Reply{}, err)
	}
	if !known {
		return b.finish(ctx, req.Platform, "", start, Reply{}, b.unknownCommand(req.Command))
	}
	reply, err := b.dispatch(ctx, cmd, req)
	return b.finish(ctx, req.Platform, cmd.Name, start, b.withDisputes(reply, req.ActionRoom), err)
}

// HandleLine parses a text command line (see ParseCommandLine) and answers
// it like Handle. from says where it was asked: its Platform, UserID,
// ChannelID, ThreadID and CanManageChannel are kept. A line that does not
// parse is answered, logged and observed like any other failed command.
func (b *Bot) HandleLine(ctx context.Context, line string, from Request) Reply {
	start := time.Now()
	req, err := b.ParseCommandLine(line)
	return b.handleParsed(ctx, start, from, req, err)
}

// HandleForm answers a submitted Form like HandleLine: command is the
// Form's Command, values are the fields' values by name, each replacing
// the option of that name. from says where it was asked, as for HandleLine.
func (b *Bot) HandleForm(ctx context.Context, from Request, command string, values map[string]string) Reply {
	start := time.Now()
	req, err := b.FormRequest(command, values)
	return b.handleParsed(ctx, start, from, req, err)
}

// HandleUnparsed answers a command line or a submitted Form that did not
// parse, for an adapter that parsed it itself (ParseCommandLine,
// FormRequest) to look at the request before Handle: err, the parse's
// error, is answered, logged, observed and counted against the user's
// limits as HandleLine and HandleForm do, without parsing again. from says
// where it was asked, as for HandleLine.
func (b *Bot) HandleUnparsed(ctx context.Context, from Request, err error) Reply {
	return b.handleParsed(ctx, time.Now(), from, Request{}, err)
}

// handleParsed answers req, parsed (from a line or a form) since start, as
// the user in from asked it; err is the parse's: a request that did not
// parse is answered, logged and observed like any other failed command,
// counted against the user's limits.
func (b *Bot) handleParsed(ctx context.Context, start time.Time, from, req Request, err error) Reply {
	if err != nil {
		if lerr := b.limiter.allow(from, b.opts.Now()); lerr != nil {
			err = lerr
		}
		return b.finish(ctx, from.Platform, "", start, Reply{}, err)
	}
	from.Command, from.Options = req.Command, req.Options
	return b.Handle(ctx, from)
}

// FormRequest is the request a submitted Form makes, for an adapter that
// must look at it before Handle (Bot.NeedsManage): command, the Form's
// Command, parsed as ParseCommandLine does, each value replacing the
// option of that name. HandleForm answers with it.
func (b *Bot) FormRequest(command string, values map[string]string) (Request, error) {
	req, err := b.ParseCommandLine(command)
	if err != nil {
		return Request{}, err
	}
	for name, v := range values {
		req.Options[name] = v
	}
	return req, nil
}

// HandleFindSources answers a platform's "Find sources" message action on
// the chosen message's text: FindSources under the same limits, logging and
// metrics as Handle (it is counted as the sources command). from says where
// it was asked, as for HandleLine.
func (b *Bot) HandleFindSources(ctx context.Context, from Request, text string) Reply {
	start := time.Now()
	from.Command, from.Options = "sources", nil
	if err := b.limiter.allow(from, b.opts.Now()); err != nil {
		return b.finish(ctx, from.Platform, from.Command, start, Reply{}, err)
	}
	find := Command{Name: from.Command, Run: func(ctx context.Context, _ Request) (Reply, error) {
		return b.FindSources(ctx, text)
	}}
	reply, err := runSafely(ctx, find, from)
	return b.finish(ctx, from.Platform, from.Command, start, b.withDisputes(reply, from.ActionRoom), err)
}

// finish turns an error into its Reply, then logs one line and tells the
// Observer. command is "" when no registered command was named: the log
// never repeats what the user typed.
func (b *Bot) finish(ctx context.Context, platform Platform, command string, start time.Time, reply Reply, err error) Reply {
	if err != nil {
		reply = ErrorReply(err)
	}
	if command == "" {
		command = "unknown"
	}
	took := time.Since(start)
	outcome := "ok"
	if reply.Error != "" {
		outcome = reply.Error
	}
	attrs := []slog.Attr{
		slog.String("platform", string(platform)),
		slog.String("command", command),
		slog.Duration("latency", took),
		slog.String("outcome", outcome),
	}
	level := slog.LevelInfo
	if outcome == EINTERNAL && err != nil {
		level = slog.LevelError
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	b.log.LogAttrs(ctx, level, "command", attrs...)
	b.opts.Observer.CommandDone(platform, command, outcome, took)
	return reply
}

// dispatch checks the permission, validates the request and runs the command.
func (b *Bot) dispatch(ctx context.Context, cmd Command, req Request) (Reply, error) {
	if cmd.ManageOnly && !req.CanManageChannel {
		return Reply{}, Errorf(EUNAUTHORIZED, "Only people who can manage this channel may use /%s here.", cmd.Name)
	}
	req, err := b.validate(cmd, req)
	if err != nil {
		return Reply{}, err
	}
	return runSafely(ctx, cmd, req)
}

// runSafely runs the command's handler, turning a panic into an internal error.
func runSafely(ctx context.Context, cmd Command, req Request) (reply Reply, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("command %s panicked: %v\n%s", cmd.Name, p, debug.Stack())
		}
	}()
	return cmd.Run(ctx, req)
}

// validate checks every option of req against the command's declaration and
// returns the request with choices in their canonical spelling.
func (b *Bot) validate(cmd Command, req Request) (Request, error) {
	opts := make(map[string]string, len(req.Options))
	var tooLong map[string]string
	for name, v := range req.Options {
		o, ok := findOption(cmd, name)
		if !ok {
			return req, Errorf(EINVALID, "/%s has no option %q. Usage: %s", cmd.Name, Echo(name, 32), Usage(cmd))
		}
		if !utf8.ValidString(v) {
			return req, Errorf(EINVALID, "Option %s: is not valid text (invalid UTF-8).", o.Name)
		}
		v = strings.TrimSpace(v)
		max := b.opts.Limits.MaxOptionBytes
		if o.MaxLength > 0 && o.MaxLength < max {
			max = o.MaxLength
		}
		if len(v) > max && o.FieldError {
			if tooLong == nil {
				tooLong = map[string]string{}
			}
			tooLong[o.Name] = fmt.Sprintf("Too long: %d bytes; at most %d.", len(v), max)
			continue
		}
		if len(v) > max {
			return req, Errorf(EINVALID, "Option %s: is too long (%d bytes; at most %d).", o.Name, len(v), max)
		}
		if v == "" {
			continue
		}
		if len(o.Choices) > 0 {
			c, ok := matchChoice(o, v)
			if !ok {
				return req, Errorf(EINVALID, "Option %s: must be one of %s.", o.Name, strings.Join(o.Choices, ", "))
			}
			v = c
		}
		opts[o.Name] = v
	}
	for _, o := range cmd.Options {
		if _, ok := opts[o.Name]; o.Required && !ok {
			return req, Errorf(EINVALID, "/%s needs %s. Usage: %s", cmd.Name, withArticle(o.Name), usageExample(cmd, o))
		}
	}
	req.Options, req.tooLong = opts, tooLong
	return req, nil
}

// withArticle puts "a" or "an" before a singular option name: "a
// strategy", "an action", "words".
func withArticle(name string) string {
	switch {
	case strings.HasSuffix(name, "s"):
		return name
	case strings.ContainsRune("aeiou", rune(name[0])):
		return "an " + name
	default:
		return "a " + name
	}
}

// unknownCommand is the error for a command name not in the registry,
// suggesting the closest registered name.
func (b *Bot) unknownCommand(name string) error {
	name = Echo(strings.TrimPrefix(name, "/"), 32)
	if name == "" {
		return Errorf(EINVALID, "Type a command, for example /help.")
	}
	var names []string
	for _, c := range b.Commands() {
		names = append(names, c.Name)
	}
	if best, ok := Closest(name, names); ok {
		return Errorf(EINVALID, "Unknown command /%s. Did you mean /%s? Type /help for the list.", name, best)
	}
	return Errorf(EINVALID, "Unknown command /%s. Type /help for the list.", name)
}

// ErrorReply turns an error into the Ephemeral Reply Handle returns for it:
// one card whose title is the error's user-facing message on one line.
func ErrorReply(err error) Reply {
	return Reply{Visibility: Ephemeral, Cards: []Card{{Title: OneLine(ErrorMessage(err))}}, Error: ErrorCode(err)}
}

// HandleProposeMessage answers a platform's "Propose as a position" message
// action on the chosen message: the propose command with the message's text
// as the quote and its first http(s) link as the source, so the proposal
// form opens pre-filled. from says where it was asked, as for HandleLine.
func (b *Bot) HandleProposeMessage(ctx context.Context, from Request, text string) Reply {
	from.Command = "propose"
	from.Options = map[string]string{fieldText: strings.TrimSpace(text)}
	if link := firstLink(text); link != "" {
		from.Options[fieldURL] = link
	}
	return b.Handle(ctx, from)
}

// trimLinkEnd drops what ends a sentence or a bracket after a link; a
// closing parenthesis the link opened stays (Wikipedia's "Foo_(bar)").
func trimLinkEnd(word string) string {
	for {
		trimmed := strings.TrimRight(word, ">]\"'.,;:!?")
		if strings.HasSuffix(trimmed, ")") && strings.Count(trimmed, "(") < strings.Count(trimmed, ")") {
			trimmed = trimmed[:len(trimmed)-1]
		}
		if trimmed == word {
			return word
		}
		word = trimmed
	}
}

// firstLink returns the first http or https URL in text, "" when none.
// Chat platforms wrap links in <...> (Slack, Discord's embed suppression)
// and sentences end in punctuation; neither is part of the link.
func firstLink(text string) string {
	for _, word := range strings.Fields(text) {
		word = strings.TrimLeft(word, "<([\"'")
		if i := strings.IndexByte(word, '|'); i >= 0 { // Slack's <url|label>
			word = word[:i]
		}
		if word = trimLinkEnd(word); isWebLink(word) {
			return word
		}
	}
	return ""
}
