package console

import (
	"bytes"
	"context"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/adapters/internal/sendtest"
	"github.com/stancebot/stancebot/bot"
)

func TestRun(t *testing.T) {
	b := realdata.Bot(t)
	in := strings.NewReader("\n   \n/help\nwhoendorses open weights opposes\n/nosuch\n/person \xff\nquit\n/help\n")
	var out bytes.Buffer
	if err := Run(context.Background(), b, in, &out, Options{}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"stancebot console. Type /help",
		"/whoendorses <strategy>",
		"People on the record with stance opposes: none.",
		"Unknown command /nosuch. Type /help for the list.",
		"invalid UTF-8",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "stancebot commands"); n != 1 {
		t.Errorf("/help answered %d times; quit must end the loop before the second", n)
	}
}

func TestRunIgnoresBlankLines(t *testing.T) {
	b := realdata.Bot(t)
	var out bytes.Buffer
	if err := Run(context.Background(), b, strings.NewReader("\n  \n\t\nexit\n"), &out, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "stancebot console. Type /help for the commands, quit to leave.\n> > > > "
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

func TestRunEndsAtEOFAndOnCancel(t *testing.T) {
	b := realdata.Bot(t)
	var out bytes.Buffer
	if err := Run(context.Background(), b, strings.NewReader("/strategies"), &out, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Strategies (") {
		t.Errorf("a last line without a newline was not answered:\n%s", out.String())
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	defer pw.Close()
	done := make(chan error, 1)
	go func() { done <- Run(ctx, b, pr, &bytes.Buffer{}, Options{}) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after cancel: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not end when its context was cancelled")
	}
}

func TestConsoleCanManageItsChannel(t *testing.T) {
	b := realdata.Bot(t)
	if err := b.Register(bot.Command{Name: "settings", Description: "Change settings", ManageOnly: true,
		Run: func(context.Context, bot.Request) (bot.Reply, error) {
			return bot.Reply{Cards: []bot.Card{{Title: "saved"}}}, nil
		}}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Run(context.Background(), b, strings.NewReader("/settings\n"), &out, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "saved") {
		t.Errorf("the console user may not manage its channel:\n%s", out.String())
	}
}

func TestSender(t *testing.T) {
	var out bytes.Buffer
	s := NewSender(&out)
	var _ bot.Sender = s
	reply := bot.Reply{Cards: []bot.Card{{Title: "Daily digest", Text: "1 new position"}}}
	if err := sendtest.Send(context.Background(), s, "general", reply); err != nil {
		t.Fatal(err)
	}
	want := "--- to #general ---\nDaily digest\n============\n1 new position\n\n"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sendtest.Send(ctx, s, "general", reply); err == nil {
		t.Error("Send with a cancelled context succeeded")
	}
}
