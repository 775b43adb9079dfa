package discord

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/bot"
)

// Discord JSON error codes the adapter explains.
const (
	codeUnknownInteraction  = 10062
	codeAlreadyAcknowledged = 40060
)

// apiCode is the Discord JSON error code of a failed REST call, 0 when err
// carries none.
func apiCode(err error) int {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Message != nil {
		return rest.Message.Code
	}
	return 0
}

// apiFailed logs a failed Discord call as what it usually means and tells
// the Observer.
func (a *Adapter) apiFailed(ctx context.Context, what string, err error) {
	kind, hint := "api", ""
	var rl *discordgo.RateLimitError
	switch {
	case apiCode(err) == codeUnknownInteraction:
		kind, hint = "late_answer", "Discord no longer knows this interaction (10062): the answer came after the 3-second deadline or the token expired"
	case apiCode(err) == codeAlreadyAcknowledged:
		kind, hint = "already_answered", "the interaction was already answered (40060): another instance of the bot with the same application is probably running"
	case errors.As(err, &rl):
		kind = bot.PlatformRateLimited
	case errors.Is(err, errResponded), errors.Is(err, errClientGone):
		kind = "http_response"
	}
	a.obs.PlatformError(bot.PlatformDiscord, kind)
	attrs := []any{"call", what, "kind", kind, "error", describe(err)}
	if hint != "" {
		attrs = append(attrs, "meaning", hint)
	}
	a.log.WarnContext(ctx, "discord call failed", attrs...)
}

// describe is an error's text without the secrets discordgo's errors may
// carry (interaction and webhook tokens are part of their URLs).
func describe(err error) string {
	var rest *discordgo.RESTError
	var rl *discordgo.RateLimitError
	var ue *url.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &rest):
		if rest.Message != nil {
			return fmt.Sprintf("HTTP %d: code %d: %s", rest.Response.StatusCode, rest.Message.Code, rest.Message.Message)
		}
		return fmt.Sprintf("HTTP %d", rest.Response.StatusCode)
	case errors.As(err, &rl):
		return fmt.Sprintf("rate limited on %s, retry after %s", redactURL(rl.URL), rl.RetryAfter)
	case errors.As(err, &ue):
		return fmt.Sprintf("%s %s: %s", ue.Op, redactURL(ue.URL), describe(ue.Err))
	default:
		return err.Error()
	}
}

// redactURL hides the token in interaction and webhook URLs.
func redactURL(u string) string {
	parts := strings.Split(u, "/")
	for i, p := range parts {
		if (p == "interactions" || p == "webhooks") && i+2 < len(parts) {
			parts[i+2] = "REDACTED"
		}
	}
	return strings.Join(parts, "/")
}
