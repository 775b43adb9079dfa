// Package seeds reads and writes stancebot's datasets: the parsers of the
// board page and X story exports, the TOML dataset directory format (the
// canonical, hand-curated form), and the embedded default dataset that a
// fresh store is seeded from.
//
// The parsers read the exports as they are. What an export does not say is
// left unknown and reported in the warnings, never invented; aggregates
// printed on a page are only used to cross-check what was parsed.
package seeds

//go:generate go test -run TestDefaultDataMatchesRaw -update .
