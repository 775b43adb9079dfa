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
// Each strategy is listed once, in the order named.
func resolveStrategies(ctx context.Context, find StrategyFinder, text string) ([]bot.Strategy, error) {
	var out []bot.Strategy
	seen := map[string]bool{}
	for _, part := range strings.Split(text, ",") {
		words := strings.Fields(part)
		for len(words) > 0 {
			n, st, err := longestMatch(ctx, find, words)
			if err != nil {
				return nil, err
			}
			if !seen[st.ID] {
				seen[st.ID] = true
				out = append(out, st)
			}
			words = words[n:]
		}
	}
	return out, nil
}

// longestMatch finds the strategy named by the longest prefix of words and
// how many words name it. When no prefix names one, the error is the
// finder's for all the words.
func longestMatch(ctx context.Context, find StrategyFinder, words []string) (int, bot.Strategy, error) {
	var first error
	for n := len(words); n > 0; n-- {
		st, err := find.FindStrategy(ctx, strings.Join(words[:n], " "))
		if err == nil {
			return n, st, nil
		}
		if bot.ErrorCode(err) != bot.ENOTFOUND {
			return 0, bot.Strategy{}, err
		}
		if first == nil {
			first = err
		}
	}
	return 0, bot.Strategy{}, first
}
