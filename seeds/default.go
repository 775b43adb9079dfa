package seeds

import (
	"embed"
	"fmt"

	"github.com/stancebot/stancebot/bot"
)

// data is the default dataset, produced from the real exports in raw/ by
// ParseBoard and ParseThread (see TestDefaultDataMatchesRaw, which fails
// when it drifts and rewrites it with -update).
//
//go:embed data/*.toml
var data embed.FS

// Default returns the embedded default dataset that a new store is seeded
// with: the "Open source" board page and the X story of its endorsers.
func Default() (bot.Dataset, error) {
	ds, err := ReadDir(data, "data")
	if err != nil {
		return bot.Dataset{}, fmt.Errorf("default dataset: %w", err)
	}
	return ds, nil
}
