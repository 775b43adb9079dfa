package digest

import (
	"context"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// StrategyFinder resolves a strategy's id, name or alias; *bot.Bot is one.
type StrategyFinder interface {
	// FindStrategy returns an ENOTFOUND *bot.Error naming the closest
	// strategies when none matches.
	FindStrategy(ctx context.Context, name string) (bot.Strategy, error)
}

// resolveStrategies reads a list of strategy names, ids or aliases: comma
// separated, or run together ("open source pause"), matched longest first.
// Each strategy is listed once, in the order named. When a part names no
// strategy, the error is the finder's for the whole part, with its closest
// matches.
func resolveStrategies(ctx context.Context, find StrategyFinder, text string) ([]bot.Strategy, error) {
	var out []bot.Strategy
	seen := map[string]bool{}
	for _, part := range strings.Split(text, ",") {
		words := strings.Fields(part)
		if len(words) == 0 {
			continue
		}
		list, err := splitStrategies(ctx, find, words)
		if err != nil {
			return nil, err
		}
		for _, st := range list {
			if !seen[st.ID] {
				seen[st.ID] = true
				out = append(out, st)
			}
		}
	}
	return out, nil
}

// splitStrategies reads words naming one or more strategies, taking the
// longest prefix that names one each time.
func splitStrategies(ctx context.Context, find StrategyFinder, words []string) ([]bot.Strategy, error) {
	var whole error
	var out []bot.Strategy
	for rest := words; len(rest) > 0; {
		n := len(rest)
		for ; n > 0; n-- {
			st, err := find.FindStrategy(ctx, strings.Join(rest[:n], " "))
			if err == nil {
				out = append(out, st)
				break
			}
			if bot.ErrorCode(err) != bot.ENOTFOUND {
				return nil, err
			}
			if whole == nil {
				whole = err // the first try is all the words
			}
		}
		if n == 0 {
			return nil, whole
		}
		rest = rest[n:]
	}
	return out, nil
}
