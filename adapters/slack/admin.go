package slack

import (
	"context"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/adapters/internal/kept"
)

// adminCache answers whether a user may manage channel settings: a
// configured admin, or a workspace admin or owner according to users.info,
// remembered for a while (seen).
type adminCache struct {
	fixed map[string]bool
	seen  *kept.Store[bool]
}

// maxAdminEntries bounds how many users' answers are remembered.
const maxAdminEntries = 10000

func newAdminCache(ids []string, ttl time.Duration, now func() time.Time) *adminCache {
	c := &adminCache{fixed: map[string]bool{}, seen: kept.New[bool](maxAdminEntries, ttl, now)}
	for _, id := range ids {
		c.fixed[id] = true
	}
	return c
}

// canManage reports whether the user may manage channel settings. users.info
// is retried when Slack rate-limits it; a failed lookup is an error, and is
// not remembered.
func (a *Adapter) canManage(ctx context.Context, userID string) (bool, error) {
	c := a.admins
	if userID == "" {
		return false, nil
	}
	if c.fixed[userID] {
		return true, nil
	}
	if admin, ok := c.seen.Get(userID); ok {
		return admin, nil
	}
	var u *slackapi.User
	err := a.call(ctx, "users.info", "", func(ctx context.Context) error {
		var err error
		u, err = a.api.GetUserInfoContext(ctx, userID)
		return err
	})
	if err != nil {
		a.log.Warn("users.info failed: cannot tell whether the user may manage the channel", "user", userID, "error", err)
		return false, err
	}
	admin := u.IsAdmin || u.IsOwner || u.IsPrimaryOwner
	c.seen.Put(userID, admin)
	return admin, nil
}
