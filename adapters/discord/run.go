package discord

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/bot"
)

// Run serves interactions over the gateway until ctx is done, then closes
// the connection and lets the answers under way finish (within
// Options.AnswerTimeout). discordgo reconnects and resumes a dropped
// connection by itself; Run returns an error when the connection stays down
// longer than Options.DeadAfter, so that a supervisor can restart the
// process. Without a bot token (HTTP interactions only) there is no
// gateway: Run waits for ctx, then drains the answers under way.
func (a *Adapter) Run(ctx context.Context) error {
	if a.opts.Token == "" {
		a.log.InfoContext(ctx, "no bot token: gateway off, serving HTTP interactions only")
		<-ctx.Done()
		return a.drainAfterStop()
	}
	if !a.running.CompareAndSwap(false, true) {
		return errors.New("discord gateway: already running")
	}
	defer a.running.Store(false)
	if err := a.session.Open(); err != nil {
		a.obs.PlatformError(bot.PlatformDiscord, "gateway")
		return fmt.Errorf("discord gateway: open: %w", err)
	}
	err := a.watch(ctx)
	if cerr := a.session.Close(); cerr != nil {
		a.log.Warn("closing the gateway", "error", cerr.Error())
	}
	if derr := a.drainAfterStop(); err == nil {
		err = derr
	}
	return err
}

// watch returns nil when ctx is done, or an error when the gateway has been
// disconnected longer than Options.DeadAfter.
func (a *Adapter) watch(ctx context.Context) error {
	tick := time.NewTicker(max(a.opts.DeadAfter/10, 50*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			if down := a.downFor(); down > a.opts.DeadAfter {
				a.obs.PlatformError(bot.PlatformDiscord, "gateway")
				return fmt.Errorf("discord gateway: disconnected for %s (limit %s)", down.Round(time.Second), a.opts.DeadAfter)
			}
		}
	}
}

// drainAfterStop lets the answers under way finish, within AnswerTimeout.
func (a *Adapter) drainAfterStop() error {
	ctx, cancel := context.WithTimeout(context.Background(), a.opts.AnswerTimeout)
	defer cancel()
	if err := a.Drain(ctx); err != nil {
		return fmt.Errorf("discord: answers still under way after %s: %w", a.opts.AnswerTimeout, err)
	}
	return nil
}

// downFor is how long the gateway has been disconnected (0 when connected).
func (a *Adapter) downFor() time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.downSince.IsZero() {
		return 0
	}
	return time.Since(a.downSince)
}

// onEvent receives every gateway event; interactions are taken from the raw
// payload so that both ways in parse exactly the same JSON.
func (a *Adapter) onEvent(_ *discordgo.Session, e *discordgo.Event) {
	if e.Type != "INTERACTION_CREATE" {
		return
	}
	received := time.Now()
	ctx := context.Background()
	in, err := parseInteraction(e.RawData)
	if err != nil {
		a.log.Warn("unreadable interaction from the gateway", "error", err.Error())
		return
	}
	a.answers.Add()
	defer a.answers.Done()
	a.serve(ctx, in, &restResponder{a: a, in: in, deadline: received.Add(discordgo.InteractionDeadline)}, received)
}

func (a *Adapter) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	a.mu.Lock()
	if r.User != nil {
		a.selfID = r.User.ID
	}
	a.mu.Unlock()
	a.log.Info("gateway ready", "session", r.SessionID)
}

func (a *Adapter) onConnect(*discordgo.Session, *discordgo.Connect) {
	a.mu.Lock()
	a.downSince = time.Time{}
	a.mu.Unlock()
	a.connected.Store(true)
	a.log.Info("gateway connected")
}

func (a *Adapter) onDisconnect(*discordgo.Session, *discordgo.Disconnect) {
	a.mu.Lock()
	if a.downSince.IsZero() {
		a.downSince = time.Now()
	}
	a.mu.Unlock()
	a.connected.Store(false)
	if a.running.Load() {
		a.log.Warn("gateway disconnected; reconnecting")
	}
}

func (a *Adapter) onResumed(*discordgo.Session, *discordgo.Resumed) {
	a.log.Info("gateway session resumed")
}

func (a *Adapter) onRateLimit(_ *discordgo.Session, r *discordgo.RateLimit) {
	a.obs.PlatformError(bot.PlatformDiscord, bot.PlatformRateLimited)
	a.log.Warn("rate limited by Discord", "url", redactURL(r.URL), "retry_after", r.RetryAfter)
}

// self returns the bot user's id once known.
func (a *Adapter) self() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.selfID
}
