package bot_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	. "github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

// recordingObserver remembers every CommandDone.
type recordingObserver struct {
	mu   sync.Mutex
	done []string // "platform command outcome"
}

func (o *recordingObserver) CommandDone(p Platform, command, outcome string, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.done = append(o.done, string(p)+" "+command+" "+outcome)
}
func (o *recordingObserver) PlatformError(Platform, string) {}
func (o *recordingObserver) DigestSent(Platform)            {}

func TestHandleErrors(t *testing.T) {
	obs := &recordingObserver{}
	b, logs := newBot(t, panickyStore{DB: realdata.Store(t, "", nil, testDataset()), strategyID: "pause"}, Options{Observer: obs})
	if err := b.Register(Command{Name: "settings", Description: "Change settings", ManageOnly: true,
		Run: func(context.Context, Request) (Reply, error) { return Reply{Cards: []Card{{Title: "done"}}}, nil }}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		req    Request
		code   string
		substr string
	}{
		{"unknown command", Request{Command: "frobnicate"}, EINVALID, "Unknown command /frobnicate"},
		{"missing option", Request{Command: "whoendorses"}, EINVALID, "needs a strategy"},
		{"blank option", Request{Command: "person", Options: map[string]string{"name": "  "}}, EINVALID, "needs a name"},
		{"unknown option", Request{Command: "person", Options: map[string]string{"name": "x", "colour": "red"}}, EINVALID, `no option "colour"`},
		{"too long", Request{Command: "person", Options: map[string]string{"name": strings.Repeat("a", 101)}}, EINVALID, "too long (101 bytes; at most 100)"},
		{"invalid utf-8", Request{Command: "person", Options: map[string]string{"name": "a\xffb"}}, EINVALID, "invalid UTF-8"},
		{"bad choice", Request{Command: "whoendorses", Options: map[string]string{"strategy": "open source", "stance": "loves"}}, EINVALID, "must be one of endorses, opposes"},
		{"bad page", Request{Command: "whoendorses", Options: map[string]string{"strategy": "open source", "page": "x"}}, EINVALID, `no page "x": this answer has only page 1`},
		{"unknown strategy", Request{Command: "whoendorses", Options: map[string]string{"strategy": "open sauce"}}, ENOTFOUND, "Closest: Open source"},
		{"unknown person", Request{Command: "person", Options: map[string]string{"name": "yan lecun"}}, ENOTFOUND, "Closest: Yann LeCun"},
		{"manage only", Request{Command: "settings"}, EUNAUTHORIZED, "manage this channel"},
		{"panic", Request{Command: "whoendorses", Options: map[string]string{"strategy": "pause"}}, EINTERNAL, "Internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.Handle(context.Background(), tt.req)
			if r.Error != tt.code {
				t.Fatalf("Error = %q, want %q (reply %+v)", r.Error, tt.code, r)
			}
			if r.Visibility != Ephemeral || len(r.Cards) != 1 {
				t.Fatalf("error reply is not one ephemeral card: %+v", r)
			}
			msg := r.Cards[0].Title
			if !strings.Contains(msg, tt.substr) || strings.Contains(msg, "\n") {
				t.Errorf("message %q: want one line containing %q", msg, tt.substr)
			}
		})
	}
	r := b.Handle(context.Background(), Request{Command: "settings", CanManageChannel: true})
	if r.Error != "" {
		t.Errorf("manager refused: %+v", r)
	}
	if len(obs.done) != len(tests)+1 {
		t.Errorf("observer saw %d commands, want %d", len(obs.done), len(tests)+1)
	}
	if got := obs.done[0]; got != " unknown invalid" {
		t.Errorf("first observation = %q", got)
	}
	if !strings.Contains(logs.String(), "panicked: store decorator: boom") {
		t.Errorf("the panic is not logged:\n%s", logs.String())
	}
}

func TestHandleLogsNoUserText(t *testing.T) {
	b, _, logs := newTestBot(t, testDataset(), Options{})
	secret := "correct-horse-battery"
	for _, line := range []string{"/person " + secret, "/" + secret, "/whoendorses " + secret + " opposes"} {
		b.HandleLine(context.Background(), line, Request{Platform: PlatformSlack})
	}
	out := logs.String()
	if strings.Contains(out, secret) {
		t.Errorf("user text in the log:\n%s", out)
	}
	if n := strings.Count(out, "msg=command"); n != 3 {
		t.Errorf("%d command log lines, want 3:\n%s", n, out)
	}
	for _, want := range []string{"platform=slack command=person", "command=unknown", "outcome=not_found", "latency="} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

func TestHandleLimits(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	b, _, _ := newTestBot(t, testDataset(), Options{
		Now:    func() time.Time { return now },
		Limits: Limits{UserCooldown: 3 * time.Second, ChannelPerMinute: 3},
	})
	ask := func(user, channel string) string {
		return b.Handle(context.Background(), Request{Command: "help", UserID: user, ChannelID: channel}).Error
	}
	if got := ask("u1", "c1"); got != "" {
		t.Fatalf("first command: %q", got)
	}
	if got := ask("u1", "c1"); got != ERATELIMITED {
		t.Fatalf("second command within the cooldown: %q, want %q", got, ERATELIMITED)
	}
	r := b.Handle(context.Background(), Request{Command: "help", UserID: "u1", ChannelID: "c1"})
	if r.Visibility != Ephemeral || !strings.Contains(r.Cards[0].Title, "wait 3 seconds") {
		t.Errorf("cooldown reply: %+v", r)
	}
	now = now.Add(3 * time.Second)
	if got := ask("u1", "c1"); got != "" {
		t.Fatalf("after the cooldown: %q", got)
	}
	if got := ask("u2", "c1"); got != "" {
		t.Fatalf("another user: %q", got)
	}
	if got := ask("u3", "c1"); got != ERATELIMITED {
		t.Fatalf("fourth command in a minute in one channel: %q", got)
	}
	if got := ask("u3", "c2"); got != "" {
		t.Fatalf("another channel: %q", got)
	}
	now = now.Add(time.Minute)
	if got := ask("u3", "c1"); got != "" {
		t.Fatalf("a minute later: %q", got)
	}
}

func TestHandleLineParseError(t *testing.T) {
	obs := &recordingObserver{}
	b, _, _ := newTestBot(t, testDataset(), Options{Observer: obs})
	r := b.HandleLine(context.Background(), strings.Repeat("\xff", 10000), Request{Platform: PlatformConsole})
	if r.Error != EINVALID || r.Visibility != Ephemeral {
		t.Fatalf("reply %+v", r)
	}
	if len(obs.done) != 1 || obs.done[0] != "console unknown invalid" {
		t.Errorf("observed %v", obs.done)
	}
}

// TestHandleUnparsed: what an adapter parsed itself and could not parse is
// answered as HandleLine answers the line, observed as an unknown command
// and counted against the user's limits.
func TestHandleUnparsed(t *testing.T) {
	ctx := context.Background()
	for _, line := range []string{"/nosuch", "/whoendorses open source zzz:1", "\xff", ""} {
		t.Run(line, func(t *testing.T) {
			obs := &recordingObserver{}
			b, _, _ := newTestBot(t, testDataset(), Options{Observer: obs, Limits: Limits{UserCooldown: time.Hour}})
			_, err := b.ParseCommandLine(line)
			if err == nil {
				t.Fatalf("%q parses", line)
			}
			got := b.HandleUnparsed(ctx, Request{Platform: PlatformSlack, UserID: "u1", ChannelID: "c"}, err)
			want := b.HandleLine(ctx, line, Request{Platform: PlatformSlack, UserID: "u2", ChannelID: "c"})
			if got.Error != EINVALID || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("HandleUnparsed: %+v\nHandleLine: %+v", got, want)
			}
			if len(obs.done) != 2 || obs.done[0] != "slack unknown invalid" {
				t.Errorf("observed %v", obs.done)
			}
			if r := b.Handle(ctx, Request{Platform: PlatformSlack, Command: "help", UserID: "u1", ChannelID: "c"}); r.Error != ERATELIMITED {
				t.Errorf("the next command of the user: %q, want %q (the unparsed one not counted)", r.Error, ERATELIMITED)
			}
		})
	}
}

func TestHandleStoreFailure(t *testing.T) {
	for _, tt := range []struct {
		name string
		wrap func(*store.DB) Store
	}{
		{"catalog", func(db *store.DB) Store { return failingCatalog{db} }},
		{"report", func(db *store.DB) Store { return failingReport{db} }},
		{"quotes", func(db *store.DB) Store { return failingQuotes{db} }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newBot(t, tt.wrap(realdata.Store(t, "", nil, testDataset())), Options{})
			r := b.Handle(context.Background(), Request{Command: "whoendorses", Options: map[string]string{"strategy": "open source"}})
			if r.Error != EINTERNAL || strings.Contains(r.Cards[0].Title, "disk") {
				t.Errorf("reply %+v: want an internal error that does not leak details", r)
			}
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	b, db, _ := newTestBot(t, testDataset(), Options{Limits: Limits{UserCooldown: time.Millisecond, ChannelPerMinute: 1000}})
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				b.HandleLine(ctx, "/whoendorses open source", Request{UserID: "u", ChannelID: "c"})
				b.HandleLine(ctx, "/strategies", Request{})
				b.Autocomplete(ctx, "person", "name", "yan", choices)
			}
		}()
	}
	for i := 0; i < 10; i++ {
		// Each import changes a summary, so that the store moves on under the readers.
		ds := testDataset()
		ds.Stances[0].Summary = fmt.Sprintf("Revision %d.", i)
		if rep, err := db.Import(ctx, ds); err != nil || rep.Changed.Stances != 1 {
			t.Fatalf("import %d: %+v, %v", i, rep, err)
		}
	}
	wg.Wait()
	if r := b.HandleLine(ctx, "/person yann", Request{}); r.Error != "" {
		t.Errorf("after concurrent use: %+v", r)
	}
}

func TestLimitsCountEveryRequestOnce(t *testing.T) {
	b, _, _ := newTestBot(t, testDataset(), Options{Limits: Limits{ChannelPerMinute: 3}})
	from := Request{Platform: PlatformSlack, UserID: "u", ChannelID: "c"}
	var codes []string
	for _, line := range []string{"/help", "/nosuch", "\xff", "/help"} {
		codes = append(codes, b.HandleLine(context.Background(), line, from).Error)
	}
	want := []string{"", EINVALID, EINVALID, ERATELIMITED}
	for i := range want {
		if codes[i] != want[i] {
			t.Fatalf("codes = %q, want %q", codes, want)
		}
	}
}

// TestRateLimitedCommandIsCountedByName: a command refused by the limits is
// observed under its own name, not "unknown"; an unregistered one stays unknown.
func TestRateLimitedCommandIsCountedByName(t *testing.T) {
	obs := &recordingObserver{}
	b, _, _ := newTestBot(t, testDataset(), Options{Observer: obs, Limits: Limits{UserCooldown: time.Hour}})
	ctx := context.Background()
	req := Request{Platform: PlatformConsole, UserID: "U1", ChannelID: "C1", Command: "strategies"}
	b.Handle(ctx, req)
	b.Handle(ctx, req)
	req.Command = "no-such-command"
	b.Handle(ctx, req)
	want := []string{"console strategies ok", "console strategies " + ERATELIMITED, "console unknown " + ERATELIMITED}
	if fmt.Sprint(obs.done) != fmt.Sprint(want) {
		t.Errorf("observed %v, want %v", obs.done, want)
	}
}

// TestFormRequest: a form's values replace the options of its command
// line by name, an empty value included; a command that does not parse
// is an error.
func TestFormRequest(t *testing.T) {
	b, _, _ := newTestBot(t, testDataset(), Options{})
	for _, tc := range []struct {
		command string
		values  map[string]string
		want    map[string]string
		fails   bool
	}{
		{command: "/whoendorses open source stance:opposes", values: map[string]string{"stance": "endorses"},
			want: map[string]string{"strategy": "open source", "stance": "endorses"}},
		{command: "/whoendorses open source", values: map[string]string{"strategy": ""}, want: map[string]string{"strategy": ""}},
		{command: "/whoendorses", values: nil, want: map[string]string{}},
		{command: "/nosuchcommand", values: map[string]string{"a": "b"}, fails: true},
	} {
		req, err := b.FormRequest(tc.command, tc.values)
		if tc.fails {
			if err == nil {
				t.Errorf("%s: want an error, got %+v", tc.command, req)
			}
			continue
		}
		if err != nil || req.Command != "whoendorses" || !maps.Equal(req.Options, tc.want) {
			t.Errorf("%s %v: %+v, %v; want options %v", tc.command, tc.values, req, err, tc.want)
		}
	}
}
