package digest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
)

// Actions of the /digest command.
const (
	ActionSubscribe   = "subscribe"
	ActionUnsubscribe = "unsubscribe"
	ActionStatus      = "status"
	ActionPreview     = "preview"
)

// Command is the /digest command, to register on the bot. Subscribing and
// unsubscribing need Request.CanManageChannel; status and preview do not.
func (s *Service) Command() bot.Command {
	return bot.Command{
		Name:        "digest",
		Description: "Daily digest of new positions in this channel: subscribe, unsubscribe, status, preview",
		Options: []bot.Option{
			{Name: "action", Description: "What to do; default status", Positional: true,
				Choices: []string{ActionSubscribe, ActionUnsubscribe, ActionStatus, ActionPreview}},
			{Name: "time", Description: "Time of day, HH:MM (24-hour); default " + s.at.String(), Positional: true},
			{Name: "timezone", Description: "IANA time zone, e.g. Europe/Paris; default " + s.zone.String(), Positional: true},
			{Name: "strategies", Description: "Only these strategies (names or aliases, comma separated), or all; default all",
				Positional: true, Rest: true, Autocomplete: bot.CompleteStrategy},
		},
		Examples: []string{
			"/digest subscribe",
			"/digest subscribe 08:30 Europe/Paris open source",
			"/digest status",
			"/digest preview",
			"/digest unsubscribe",
		},
		Run: s.run,
	}
}

func (s *Service) run(ctx context.Context, req bot.Request) (bot.Reply, error) {
	if req.ChannelID == "" {
		return bot.Reply{}, bot.Errorf(bot.EINVALID, "Digests are posted in a channel: use /digest in the channel that should get them.")
	}
	action := strings.ToLower(strings.TrimSpace(req.Option("action")))
	if action == "" {
		action = ActionStatus
	}
	args := strings.TrimSpace(strings.Join([]string{req.Option("time"), req.Option("timezone"), req.Option("strategies")}, " "))
	if args != "" && action != ActionSubscribe {
		return bot.Reply{}, bot.Errorf(bot.EINVALID, "/digest %s takes no time, zone or strategy: only /digest subscribe does.", action)
	}
	switch action {
	case ActionSubscribe:
		return s.subscribe(ctx, req, args)
	case ActionUnsubscribe:
		return s.unsubscribe(ctx, req)
	case ActionStatus:
		return s.status(ctx, req)
	case ActionPreview:
		return s.preview(ctx, req)
	}
	return bot.Reply{}, bot.Errorf(bot.EINVALID, "Unknown /digest action %q: use subscribe, unsubscribe, status or preview.", action)
}

func refuse(req bot.Request) error {
	if req.CanManageChannel {
		return nil
	}
	return bot.Errorf(bot.EUNAUTHORIZED, "Only people who can manage this channel may change its daily digest.")
}

func (s *Service) subscribe(ctx context.Context, req bot.Request, args string) (bot.Reply, error) {
	if err := refuse(req); err != nil {
		return bot.Reply{}, err
	}
	set, err := s.parseSettings(ctx, args)
	if err != nil {
		return bot.Reply{}, err
	}
	ids := make([]string, len(set.strategies))
	for i, st := range set.strategies {
		ids[i] = st.ID
	}
	before, err := s.store.DigestSubscription(ctx, req.Platform, req.ChannelID)
	if err != nil && bot.ErrorCode(err) != bot.ENOTFOUND {
		return bot.Reply{}, fmt.Errorf("subscribe %s/%s: %w", req.Platform, req.ChannelID, err)
	}
	next := store.DigestSubscription{Platform: req.Platform, ChannelID: req.ChannelID,
		At: set.at.String(), Zone: set.loc.String(), Strategies: ids}
	if err == nil { // an existing subscription changes only in what is given
		next = set.over(before, next)
	}
	sub, created, err := s.store.SaveDigestSubscription(ctx, next)
	if err != nil {
		return bot.Reply{}, fmt.Errorf("subscribe %s/%s: %w", req.Platform, req.ChannelID, err)
	}
	sc, err := parseSchedule(sub)
	if err != nil {
		return bot.Reply{}, fmt.Errorf("subscribe %s/%s: %w", req.Platform, req.ChannelID, err)
	}
	names, err := s.names(ctx, sub.Strategies)
	if err != nil {
		return bot.Reply{}, err
	}
	card := bot.Card{
		Title: "Daily digest updated",
		Text:  "The next digest holds every position recorded since the last one.",
		Fields: []bot.Field{
			{Name: "Time", Value: sub.At + " " + sub.Zone, Inline: true},
			{Name: "Strategies", Value: names, Inline: true},
			{Name: "Next digest", Value: s.nextDigest(sc, sub), Inline: true},
		},
	}
	if created {
		card.Title = "Daily digest subscribed"
		card.Text = "This channel gets a digest of the positions recorded from now on, once a day; nothing is posted on a day with nothing new."
	}
	return bot.Reply{Visibility: bot.Public, Cards: []bot.Card{card}}, nil
}

func (s *Service) unsubscribe(ctx context.Context, req bot.Request) (bot.Reply, error) {
	if err := refuse(req); err != nil {
		return bot.Reply{}, err
	}
	ok, err := s.store.DeleteDigestSubscription(ctx, req.Platform, req.ChannelID)
	if err != nil {
		return bot.Reply{}, fmt.Errorf("unsubscribe %s/%s: %w", req.Platform, req.ChannelID, err)
	}
	if !ok {
		return bot.Reply{}, bot.Errorf(bot.ENOTFOUND, "This channel has no daily digest to unsubscribe from.")
	}
	return bot.Reply{Visibility: bot.Public, Cards: []bot.Card{{
		Title: "Daily digest unsubscribed",
		Text:  "This channel gets no more digests. /digest subscribe starts them again.",
	}}}, nil
}

func (s *Service) status(ctx context.Context, req bot.Request) (bot.Reply, error) {
	sub, err := s.store.DigestSubscription(ctx, req.Platform, req.ChannelID)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		return bot.Reply{Visibility: bot.Ephemeral, Cards: []bot.Card{{
			Title: "No daily digest in this channel",
			Text:  fmt.Sprintf("/digest subscribe [time] [timezone] [strategy...] starts one (default %s %s).", s.at, s.zone),
		}}}, nil
	} else if err != nil {
		return bot.Reply{}, fmt.Errorf("digest status %s/%s: %w", req.Platform, req.ChannelID, err)
	}
	sc, err := parseSchedule(sub)
	if err != nil {
		return bot.Reply{}, err
	}
	d, err := s.Pending(ctx, sub)
	if err != nil {
		return bot.Reply{}, err
	}
	names, err := s.names(ctx, sub.Strategies)
	if err != nil {
		return bot.Reply{}, err
	}
	pending := "Nothing new since the last digest."
	if n := d.Len(); n > 0 {
		pending = fmt.Sprintf("%s, on %s.", plural(n, "new position"), plural(len(d.Groups), "strategy"))
	}
	last := sub.LastDate
	if last == "" {
		last = "none yet"
	}
	next := s.nextDigest(sc, sub)
	if d.Len() == 0 {
		next += " (nothing to post so far)"
	}
	return bot.Reply{Visibility: bot.Ephemeral, Cards: []bot.Card{{
		Title: "Daily digest of this channel",
		Text:  pending,
		Fields: []bot.Field{
			{Name: "Time", Value: sub.At + " " + sub.Zone, Inline: true},
			{Name: "Strategies", Value: names, Inline: true},
			{Name: "Next digest", Value: next, Inline: true},
			{Name: "Last digest", Value: last, Inline: true},
		},
	}}}, nil
}

func (s *Service) preview(ctx context.Context, req bot.Request) (bot.Reply, error) {
	sub, err := s.store.DigestSubscription(ctx, req.Platform, req.ChannelID)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		return bot.Reply{}, bot.Errorf(bot.ENOTFOUND, "This channel has no daily digest: /digest subscribe starts one.")
	} else if err != nil {
		return bot.Reply{}, fmt.Errorf("digest preview %s/%s: %w", req.Platform, req.ChannelID, err)
	}
	sc, err := parseSchedule(sub)
	if err != nil {
		return bot.Reply{}, err
	}
	d, err := s.Pending(ctx, sub)
	if err != nil {
		return bot.Reply{}, err
	}
	next := s.nextDigest(sc, sub)
	if d.Len() == 0 {
		return bot.Reply{Visibility: bot.Ephemeral, Cards: []bot.Card{{
			Title: "Nothing new since the last digest",
			Text:  "The next digest (" + next + ") is posted only if a position is recorded before then.",
		}}}, nil
	}
	r := d.Reply("Preview of the next digest · "+next, sc.loc)
	r.Visibility = bot.Ephemeral
	return r, nil
}

// settings are the parsed arguments of /digest subscribe, and which of
// them were given ("all" gives every strategy).
type settings struct {
	at                             TimeOfDay
	loc                            *time.Location
	strategies                     []bot.Strategy
	atGiven, locGiven, stratsGiven bool
}

// over is the subscription old with what the settings gave of next.
func (set settings) over(old, next store.DigestSubscription) store.DigestSubscription {
	if !set.atGiven {
		next.At = old.At
	}
	if !set.locGiven {
		next.Zone = old.Zone
	}
	if !set.stratsGiven {
		next.Strategies = old.Strategies
	}
	return next
}

// parseSettings reads "[time] [timezone] [strategy...]" in any order: a word
// with a colon or am/pm is the time, one with a slash (or UTC) the zone, and
// the rest names strategies.
func (s *Service) parseSettings(ctx context.Context, args string) (settings, error) {
	set := settings{at: s.at, loc: s.zone}
	var rest []string
	for _, w := range strings.Fields(args) {
		switch {
		case !set.atGiven && looksLikeTime(w):
			at, err := ParseTimeOfDay(w)
			if err != nil {
				return settings{}, err
			}
			set.at, set.atGiven = at, true
		case !set.locGiven && looksLikeZone(w):
			loc, err := LoadZone(w)
			if err != nil {
				return settings{}, err
			}
			set.loc, set.locGiven = loc, true
		default:
			rest = append(rest, w)
		}
	}
	if len(rest) == 0 {
		return set, nil
	}
	set.stratsGiven = true
	if len(rest) == 1 && strings.EqualFold(rest[0], "all") {
		return set, nil
	}
	var err error
	set.strategies, err = resolveStrategies(ctx, s.find, strings.Join(rest, " "))
	return set, err
}

func looksLikeTime(w string) bool {
	w = strings.ToLower(w)
	return timeOfDayRE.MatchString(w) && (strings.Contains(w, ":") || strings.HasSuffix(w, "m") || strings.HasSuffix(w, "m."))
}

func looksLikeZone(w string) bool {
	return strings.Contains(w, "/") || strings.EqualFold(w, "UTC") || strings.EqualFold(w, "GMT")
}

// nextDigest says when the subscription's next digest is due: "Sun
// 2026-11-22 09:00 CET", or "due now".
func (s *Service) nextDigest(sc schedule, sub store.DigestSubscription) string {
	now := s.clock.Now()
	if next := sc.next(sub, now); next.After(now) {
		return next.In(sc.loc).Format("Mon 2006-01-02 15:04 MST")
	}
	return "due now (posted within a minute)"
}

// names writes the strategies of a subscription by name.
func (s *Service) names(ctx context.Context, ids []string) (string, error) {
	if len(ids) == 0 {
		return strategyNames(nil), nil
	}
	cat, err := s.store.Catalog(ctx)
	if err != nil {
		return "", fmt.Errorf("digest status: %w", err)
	}
	byID := make(map[string]bot.Strategy, len(cat.Strategies))
	for _, st := range cat.Strategies {
		byID[st.ID] = st
	}
	list := make([]bot.Strategy, len(ids))
	for i, id := range ids {
		list[i] = bot.Strategy{ID: id, Name: id}
		if st, ok := byID[id]; ok {
			list[i] = st
		}
	}
	return strategyNames(list), nil
}

func strategyNames(list []bot.Strategy) string {
	if len(list) == 0 {
		return "All"
	}
	names := make([]string, len(list))
	for i, st := range list {
		names[i] = st.Name
	}
	return strings.Join(names, ", ")
}
