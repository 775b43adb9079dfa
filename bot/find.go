package bot

import "context"

// FindStrategy returns the strategy whose id, name or alias is name (any
// case, diacritics folded), or an ENOTFOUND *Error naming the closest
// strategies. It is the lookup the commands use, for packages that register
// their own (digest).
func (b *Bot) FindStrategy(ctx context.Context, name string) (Strategy, error) {
	snap, err := b.currentCatalog(ctx)
	if err != nil {
		return Strategy{}, err
	}
	return snap.findStrategy(name)
}
