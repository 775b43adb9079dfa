package bot

import (
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"
)

// Options configures a Bot. Store is required; everything else has a default.
type Options struct {
	Store    Store
	Index    QuoteIndex   // nil: /quote and /sources answer that search is unavailable
	Logger   *slog.Logger // nil: slog.Default()
	Now      func() time.Time
	Observer Observer // nil: no metrics
	Limits   Limits
	// Community keeps the positions recorded from the chat; nil: no
	// /propose, /review, /dispute or /resolve.
	Community Community
	// ProposalsPerDay is how many proposals one user may submit in 24
	// hours, and apart how many quotes they may dispute: 0 is
	// DefaultProposalsPerDay, a negative number no limit.
	ProposalsPerDay int
	// DraftLifetime is how long a proposal's draft (the values of its
	// forms between them) waits to be submitted before it expires: 0 is
	// DefaultDraftLifetime.
	DraftLifetime time.Duration
}

// Limits protect the bot from abuse. Zero values disable a limit.
type Limits struct {
	UserCooldown     time.Duration // minimum time between two commands of one user
	ChannelPerMinute int           // commands answered per channel per minute
	MaxOptionBytes   int           // longest accepted option value (default 2000)
}

// Observer is told about what the bot does, for metrics. Implementations must
// be safe for concurrent use.
type Observer interface {
	// CommandDone is called once per answered command; outcome is "ok" or an error code.
	CommandDone(platform Platform, command, outcome string, took time.Duration)
	// PlatformError is called when a platform call fails; kind is e.g.
	// PlatformRateLimited or "api".
	PlatformError(platform Platform, kind string)
	// DigestSent is called for each digest delivered to a channel.
	DigestSent(platform Platform)
}

// Bot is the platform-neutral core: the command registry and its handlers.
type Bot struct {
	opts Options
	log  *slog.Logger

	mu       sync.RWMutex
	commands map[string]Command
	order    []string // command names in registration order (for /help)

	limiter *limiter
	catalog catalogCache
	// held keeps values given in forms that the store does not keep yet.
	held formValues
}

// New returns a Bot with the built-in commands registered.
func New(opts Options) (*Bot, error) {
	if opts.Store == nil {
		return nil, fmt.Errorf("new bot: no store")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Observer == nil {
		opts.Observer = NopObserver{}
	}
	if opts.DraftLifetime <= 0 {
		opts.DraftLifetime = DefaultDraftLifetime
	}
	if opts.Limits.MaxOptionBytes == 0 {
		opts.Limits.MaxOptionBytes = 2000
	}
	b := &Bot{opts: opts, log: opts.Logger, commands: map[string]Command{}, limiter: newLimiter(opts.Limits)}
	cmds := b.builtinCommands()
	if opts.Community != nil {
		cmds = append(cmds, b.communityCommands()...)
	}
	for _, c := range cmds {
		if err := b.Register(c); err != nil {
			return nil, fmt.Errorf("new bot: %w", err)
		}
	}
	return b, nil
}

// Register adds a command to the registry (packages such as digest add theirs).
func (b *Bot) Register(c Command) error {
	if c.Name == "" || c.Run == nil {
		return fmt.Errorf("register command %q: a name and a handler are required", c.Name)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, dup := b.commands[c.Name]; dup {
		return fmt.Errorf("register command %q: already registered", c.Name)
	}
	b.commands[c.Name] = c
	b.order = append(b.order, c.Name)
	return nil
}

// Commands returns the registry, sorted by name.
func (b *Bot) Commands() []Command {
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := make([]Command, 0, len(b.commands))
	for _, c := range b.commands {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// NeedsManage reports whether answering req reads CanManageChannel: its
// command is ManageOnly, or its Manages says the request changes settings.
func (b *Bot) NeedsManage(req Request) bool {
	c, ok := b.Command(req.Command)
	return ok && (c.ManageOnly || c.Manages != nil && c.Manages(req))
}

// Command returns the registered command with the given name.
func (b *Bot) Command(name string) (Command, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	c, ok := b.commands[name]
	return c, ok
}
