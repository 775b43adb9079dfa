package discord

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/digest"
	"github.com/stancebot/stancebot/internal/testenv"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Test timings: short, so the deferred path runs in every test run.
const (
	testDeferAfter = 300 * time.Millisecond
	slowFor        = 900 * time.Millisecond
)

var discard = testenv.Logger()

// shared is the bot most tests use: a real store and index over the
// embedded default dataset, built once for the package.
var shared struct {
	once sync.Once
	dir  string
	db   *store.DB
	bot  *bot.Bot
	err  error
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// testBot returns the shared bot, with the test commands registered.
func testBot(t *testing.T) *bot.Bot {
	t.Helper()
	shared.once.Do(func() {
		shared.dir, shared.err = os.MkdirTemp("", "discord-test-")
		if shared.err == nil {
			shared.db, shared.bot, shared.err = openTestBot(context.Background(), shared.dir)
		}
	})
	if shared.err != nil {
		t.Fatalf("test bot: %v", shared.err)
	}
	return shared.bot
}

// openTestBot opens a store and an index in dir and builds a bot over them.
// The store and index stay open for the life of the test binary.
func openTestBot(ctx context.Context, dir string) (*store.DB, *bot.Bot, error) {
	data, err := realdata.Open(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	db := data.Store
	b, err := bot.New(bot.Options{Store: db, Index: data.Index, Logger: discard})
	if err != nil {
		return nil, nil, err
	}
	digests, err := digest.New(digest.Options{Store: digest.NewStore(db), Finder: b, Logger: discard})
	if err != nil {
		return nil, nil, err
	}
	for _, c := range append(testCommands(), digests.Command()) {
		if err := b.Register(c); err != nil {
			return nil, nil, err
		}
	}
	return db, b, nil
}

// bareBot is a new bot over the shared store with only the built-in
// commands and extra ones: for tests of the command registry.
func bareBot(t *testing.T, extra ...bot.Command) *bot.Bot {
	t.Helper()
	testBot(t)
	b, err := bot.New(bot.Options{Store: shared.db, Logger: discard})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range extra {
		if err := b.Register(c); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// testCommands exercise what the built-in commands do not: a slow answer,
// a slow failure, an answer too big for one message, and an echo of the
// request the adapter built.
func testCommands() []bot.Command {
	sleep := func(ctx context.Context) error {
		select {
		case <-time.After(slowFor):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return []bot.Command{
		{Name: "echo", Description: "Shows the request as the core sees it",
			Options: []bot.Option{{Name: "text", Description: "Anything", Positional: true, Rest: true}},
			Run: func(_ context.Context, req bot.Request) (bot.Reply, error) {
				return bot.Reply{Cards: []bot.Card{{Title: "echo", Text: echoText(req)}}}, nil
			}},
		{Name: "slow", Description: "Answers after a while",
			Run: func(ctx context.Context, req bot.Request) (bot.Reply, error) {
				if err := sleep(ctx); err != nil {
					return bot.Reply{}, err
				}
				return bot.Reply{Cards: []bot.Card{{Title: "slow answer"}}}, nil
			}},
		{Name: "slowfail", Description: "Fails after a while",
			Run: func(ctx context.Context, req bot.Request) (bot.Reply, error) {
				if err := sleep(ctx); err != nil {
					return bot.Reply{}, err
				}
				return bot.Reply{}, bot.Errorf(bot.ENOTFOUND, "Nothing by that name.")
			}},
		{Name: "big", Description: "An answer longer than one message",
			Run: func(context.Context, bot.Request) (bot.Reply, error) { return bigReply(14), nil }},
		{Name: "manage", Description: "Needs Manage Channels", ManageOnly: true,
			Run: func(context.Context, bot.Request) (bot.Reply, error) {
				return bot.Reply{Cards: []bot.Card{{Title: "settings changed"}}}, nil
			}},
		{Name: "survey", Description: "Asks with forms, in two parts",
			Options: []bot.Option{{Name: "name"}, {Name: "mood"}, {Name: "answer"}, {Name: "slow"}, {Name: "tag"}},
			Run: func(ctx context.Context, req bot.Request) (bot.Reply, error) {
				if req.Option("slow") != "" {
					if err := sleep(ctx); err != nil {
						return bot.Reply{}, err
					}
				}
				return survey(req), nil
			}},
	}
}

// survey is the test command of forms: what a command with forms does,
// generically. Without a name it asks for one (and a mood) in a form;
// with a name but no answer, for the answer in a second form, its command
// carrying the name; a name "bad" is refused with a field error; a full
// survey is answered in public, with a notice to the one who answered; a
// name "taken" is refused with a field error and a form to choose another,
// "listed" with a field error shown in a card and a button of its own.
// tag, when given, is carried in the first form's command.
func survey(req bot.Request) bot.Reply {
	name, answer := req.Option("name"), req.Option("answer")
	switch {
	case name == "" && req.FormFields > 0:
		cmd := "/survey"
		if tag := req.Option("tag"); tag != "" {
			cmd += " tag:" + tag
		}
		return bot.Reply{Form: &bot.Form{Command: cmd, Title: "Survey", Fields: []bot.FormField{
			{Name: "name", Label: "Your name", Required: true, MaxLength: 40},
			{Name: "mood", Label: "Mood", Choices: []string{"good", "bad"}},
		}}}
	case name == "bad":
		reply := bot.ErrorReply(bot.Errorf(bot.EINVALID, "Some answers are not valid."))
		reply.Invalid = []bot.FieldError{{Field: "name", Message: "That is not a name."}, {Field: "mood", Message: "Say good or bad."}}
		return reply
	case name == "listed":
		return bot.Reply{Visibility: bot.Ephemeral, Error: bot.EINVALID,
			Cards:   []bot.Card{{Title: "Some fields need fixing", Fields: []bot.Field{{Name: "Your name (name)", Value: "That name is listed."}}}},
			Invalid: []bot.FieldError{{Field: "name", Message: "That name is listed."}},
			Actions: []bot.Action{{Label: "Fix", Command: "/survey"}}}
	case name == "taken":
		reply := bot.ErrorReply(bot.Errorf(bot.EINVALID, "Some answers are not valid."))
		reply.Invalid = []bot.FieldError{{Field: "name", Message: "That name is taken."}}
		reply.Form = &bot.Form{Command: "/survey", Title: "Survey again", Fields: []bot.FormField{
			{Name: "name", Label: "Another name", Required: true, Value: name},
		}}
		return reply
	case answer == "" && req.FormFields > 0:
		return bot.Reply{Form: &bot.Form{Command: "/survey name:" + name, Title: "Survey, part 2", Fields: []bot.FormField{
			{Name: "answer", Label: "Your answer", Long: true, Required: true, Placeholder: "Say it all"},
		}}}
	case name == "" || answer == "":
		return bot.ErrorReply(bot.Errorf(bot.EINVALID, "A name and an answer are needed."))
	}
	return bot.Reply{Cards: []bot.Card{{Title: "Thanks, " + name, Text: answer}},
		Notices: []bot.Notice{{UserID: req.UserID, ChannelID: req.ChannelID, Text: "Your survey was recorded: " + answer}}}
}

// echoText lists a request's fields, one per line, options sorted.
func echoText(req bot.Request) string {
	lines := []string{
		"platform=" + string(req.Platform), "user=" + req.UserID, "channel=" + req.ChannelID,
		"thread=" + req.ThreadID, fmt.Sprintf("manage=%v", req.CanManageChannel),
	}
	var opts []string
	for k, v := range req.Options {
		opts = append(opts, k+"="+v)
	}
	sort.Strings(opts)
	return strings.Join(append(lines, opts...), "\n")
}

// bigReply is a reply with n quote cards (more than 10 embeds).
func bigReply(n int) bot.Reply {
	c := bot.Card{Title: "Many quotes", Text: "A long answer."}
	for i := range n {
		c.Quotes = append(c.Quotes, bot.QuoteBlock{
			QuoteID: fmt.Sprintf("q%d", i), Speaker: fmt.Sprintf("Speaker %d", i),
			Text: strings.Repeat("Words of some length. ", 60), Fidelity: bot.FidelityFaithful,
			Source: bot.Source{Type: "blog", Title: fmt.Sprintf("Post %d", i)},
		})
	}
	return bot.Reply{Cards: []bot.Card{c}}
}

// recObserver records the platform errors the adapter reports.
type recObserver struct {
	mu    sync.Mutex
	kinds []string
}

func (o *recObserver) CommandDone(bot.Platform, string, string, time.Duration) {}
func (o *recObserver) DigestSent(bot.Platform)                                 {}
func (o *recObserver) PlatformError(_ bot.Platform, kind string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.kinds = append(o.kinds, kind)
}

// waitKind waits until kind was reported.
func (o *recObserver) waitKind(t *testing.T, kind string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		o.mu.Lock()
		ok := slices.Contains(o.kinds, kind)
		o.mu.Unlock()
		if ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	t.Fatalf("platform error %q not reported within %s; got %v", kind, within, o.kinds)
}

// gatewayEnv is an adapter running against a fake Discord's gateway.
type gatewayEnv struct {
	fake *fakediscord.Server
	a    *Adapter
	obs  *recObserver
}

// startFake starts a fake Discord, closed when the test ends.
func startFake(t *testing.T, opts fakediscord.Options) *fakediscord.Server {
	t.Helper()
	f, err := fakediscord.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	return f
}

// newAdapter builds an adapter pointed at the fake; adjust changes its options.
func newAdapter(t *testing.T, b *bot.Bot, f *fakediscord.Server, adjust func(*Options)) (*Adapter, *recObserver) {
	t.Helper()
	obs := &recObserver{}
	opts := Options{
		Token: f.Token(), AppID: f.AppID(), PublicKey: f.PublicKey(), HTTPClient: f.Client(),
		Logger: discard, Observer: obs, DeferAfter: testDeferAfter, MaxRetryWait: 2 * time.Second,
	}
	if adjust != nil {
		adjust(&opts)
	}
	a, err := New(b, opts)
	if err != nil {
		t.Fatal(err)
	}
	return a, obs
}

// startGateway runs an adapter of the shared bot on a fake gateway until
// the test ends.
func startGateway(t *testing.T, fopts fakediscord.Options, adjust func(*Options)) *gatewayEnv {
	t.Helper()
	return startGatewayFor(t, testBot(t), fopts, adjust)
}

// startGatewayFor runs an adapter of b on a fake gateway until the test ends.
func startGatewayFor(t *testing.T, b *bot.Bot, fopts fakediscord.Options, adjust func(*Options)) *gatewayEnv {
	t.Helper()
	f := startFake(t, fopts)
	a, obs := newAdapter(t, b, f, adjust)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	waitFor(t, "the gateway to connect", 5*time.Second, func() bool { return f.Connected() && a.Ready() })
	return &gatewayEnv{fake: f, a: a, obs: obs}
}

// waitFor polls cond until it holds.
func waitFor(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// ctxFor is a context for one wait on the fake.
func ctxFor(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// inject sends an interaction through the fake gateway.
func (e *gatewayEnv) inject(t *testing.T, i fakediscord.Interaction) fakediscord.Interaction {
	t.Helper()
	i, err := e.fake.InjectInteraction(i)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// callback waits for an interaction's first response.
func (e *gatewayEnv) callback(t *testing.T, id string) fakediscord.Record {
	t.Helper()
	rec, err := e.fake.WaitRecord(ctxFor(t, 3*time.Second), fakediscord.ForInteraction(id, fakediscord.KindCallback))
	if err != nil {
		t.Fatalf("no callback for interaction %s: %v", id, err)
	}
	if rec.Status/100 != 2 {
		t.Fatalf("callback for %s answered %d: %s", id, rec.Status, rec.Body)
	}
	return rec
}

// allText joins a message's content and embed texts, for assertions.
func allText(d fakediscord.MessageData) string {
	parts := []string{d.Content}
	for _, e := range d.Embeds {
		parts = append(parts, e.Title, e.Description)
		for _, f := range e.Fields {
			parts = append(parts, f.Name, f.Value)
		}
		if e.Footer != nil {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// withButton puts a message with a button of customID in the default
// channel, as the bot posted it earlier, and returns its id: a click must
// be on a message that exists.
func withButton(f *fakediscord.Server, customID string) string {
	return f.PostMessage(fakediscord.DefaultChannelID, fakediscord.MessageData{Content: "earlier",
		Components: []fakediscord.Row{{Type: discordgo.ActionsRowComponent, Components: []fakediscord.Button{
			{Type: discordgo.ButtonComponent, Style: discordgo.PrimaryButton, Label: "go", CustomID: customID},
		}}}})
}
