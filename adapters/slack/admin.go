package slack

import (
	"context"
	"sync"
	"time"
)

// adminCache answers whether a user may manage channel settings: a
// configured admin, or a workspace admin or owner according to users.info,
// remembered for ttl.
type adminCache struct {
	fixed map[string]bool
	ttl   time.Duration

	mu   sync.Mutex
	seen map[string]adminEntry
}

type adminEntry struct {
	admin bool
	at    time.Time
}

// maxAdminEntries bounds the cache; it is emptied when full.
const maxAdminEntries = 10000

func newAdminCache(ids []string, ttl time.Duration) *adminCache {
	c := &adminCache{fixed: map[string]bool{}, ttl: ttl, seen: map[string]adminEntry{}}
	for _, id := range ids {
		c.fixed[id] = true
	}
	return c
}

// canManage reports whether the user may manage channel settings. A failed
// lookup counts as no, and is not remembered.
func (a *Adapter) canManage(ctx context.Context, userID string) bool {
	c := a.admins
	if userID == "" {
		return false
	}
	if c.fixed[userID] {
		return true
	}
	now := time.Now()
	c.mu.Lock()
	e, ok := c.seen[userID]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < c.ttl {
		return e.admin
	}
	u, err := a.api.GetUserInfoContext(ctx, userID)
	if err != nil {
		a.platformError("api")
		a.log.Warn("users.info failed; treating the user as no admin", "user", userID, "error", err)
		return false
	}
	admin := u.IsAdmin || u.IsOwner || u.IsPrimaryOwner
	c.mu.Lock()
	if len(c.seen) >= maxAdminEntries {
		clear(c.seen)
	}
	c.seen[userID] = adminEntry{admin: admin, at: now}
	c.mu.Unlock()
	return admin
}
