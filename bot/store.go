package bot

import (
	"context"
	"errors"
	"time"
)

// Store is what the core reads and writes. SQLite (package bot/store) is the
// implementation and the source of truth; the quote index is derived from it.
// Lookups of a missing strategy, person or quote return an *Error with ENOTFOUND.
type Store interface {
	// Version is the store's high-water mark: the Seq of the last change
	// recorded. Anything derived from the store (catalog, index) is stale
	// when its version is lower.
	Version(ctx context.Context) (int64, error)
	// Catalog returns every strategy and person (names, aliases, tiers),
	// each by id, for lookup and autocomplete.
	Catalog(ctx context.Context) (Catalog, error)
	// StrategyReport returns what /whoendorses computes a strategy's card
	// from: every stance with its person and quote count, and the
	// co-endorsements. It holds no quote texts: a page reads the quotes of
	// the people it shows with StrategyQuotes.
	StrategyReport(ctx context.Context, strategyID string) (StrategyReport, error)
	// StrategyQuotes returns the quotes on a strategy by the given people, by
	// person id, then quote id; every quote on the strategy when personIDs
	// is nil. A missing strategy is ENOTFOUND.
	StrategyQuotes(ctx context.Context, strategyID string, personIDs []string) ([]Quote, error)
	// PersonReport returns everything /person shows for one person, from
	// one snapshot: with limit of their current quotes from offset, in the
	// order /person shows them (newest source date first, unknown parts
	// last, then id; none when limit is 0), so that the page agrees with the
	// report's QuoteTotal. A missing person is ENOTFOUND.
	PersonReport(ctx context.Context, personID string, offset, limit int) (PersonReport, error)
	// PersonQuoteIDs returns the ids of a person's current quotes on the
	// given strategies (on every strategy when strategyIDs is nil), by id,
	// and nothing else of them (the index's catch-up). A missing person is
	// ENOTFOUND.
	PersonQuoteIDs(ctx context.Context, personID string, strategyIDs []string) ([]string, error)
	// StrategyQuoteIDs returns the ids of the current quotes on a strategy,
	// by id, and nothing else of them. A missing strategy is ENOTFOUND.
	StrategyQuoteIDs(ctx context.Context, strategyID string) ([]string, error)
	// Stance returns a person's current stance on a strategy; nil when they
	// hold none. A missing person or strategy is ENOTFOUND.
	Stance(ctx context.Context, personID, strategyID string) (*Stance, error)
	// QuoteViews returns the quotes with the given ids, in that order, with
	// their person, strategy and stance; unknown ids are skipped.
	QuoteViews(ctx context.Context, ids []string) ([]QuoteView, error)
	// QuoteVerifications returns the verification status of each current
	// quote among ids, by id; unknown ids are absent. It reads nothing else
	// (/quote orders its first matches by it before reading one card).
	QuoteVerifications(ctx context.Context, ids []string) (map[string]Verification, error)
	// QuotesSince returns up to limit quotes whose Seq is greater than after,
	// in Seq order (for building and catching up the index), without what
	// the community recorded of them: Provenance and Dispute are nil.
	QuotesSince(ctx context.Context, after int64, limit int) ([]SeqQuote, error)
	// ChangesSince returns up to limit recorded changes with Seq greater than
	// after, in Seq order (for digests).
	ChangesSince(ctx context.Context, after int64, limit int) ([]Change, error)
	// Import upserts a dataset in one transaction, by natural keys: importing
	// the same dataset twice records nothing the second time.
	Import(ctx context.Context, ds Dataset) (ImportReport, error)
	// ImportFrom is Import for a dataset that comes from a source (see
	// ImportOptions); Import is ImportFrom with zero options.
	ImportFrom(ctx context.Context, ds Dataset, opts ImportOptions) (ImportReport, error)
	// Export returns the whole store as a dataset, in a stable order.
	Export(ctx context.Context) (Dataset, error)
	// Stories returns every stored story (an exported discussion thread)
	// with its overview sections and replies, by id.
	Stories(ctx context.Context) ([]Story, error)
}

// Catalog is every strategy and person, for lookup and autocomplete. It is
// shared, not copied, by the store and everyone it is handed to: read it,
// never modify it.
type Catalog struct {
	Version    int64
	Strategies []Strategy
	People     []Person
}

// StrategyReport is everything recorded about one strategy but its quote
// texts (see Store.StrategyQuotes).
type StrategyReport struct {
	Version  int64 // the store Version the report was read at
	Strategy Strategy
	Board    *Board            // nil when the dataset names no board
	Stances  []PersonStance    // every stance on the strategy, with its person and quote count
	Related  []CoEndorsement   // other strategies endorsed by this one's endorsers
	Stated   *StatedAggregates // what a source page printed for the strategy; nil when none
}

// PersonStance is a stance with the person who holds it.
type PersonStance struct {
	Person    Person
	Stance    Stance
	Quotes    int // the person's quotes on the stance's strategy (in a StrategyReport)
	AllQuotes int // the person's quotes on every strategy (in a StrategyReport)
}

// CoEndorsement counts how many of one strategy's stated endorsers also
// endorse another, not tentatively.
type CoEndorsement struct {
	Strategy Strategy
	People   int
	Declared Relation // the relation the board's canonical strategies declare between the two; "" when none
}

// PersonReport is everything recorded about one person, with the page of
// their quotes Store.PersonReport was asked for.
type PersonReport struct {
	Person     Person
	Stances    []StrategyStance
	QuoteTotal int      // the person's current quotes
	Quotes     []Quote  // the page of them asked for, in /person's order
	History    []Change // stance changes, oldest first
}

// StrategyStance is a stance with the strategy it is on.
type StrategyStance struct {
	Strategy Strategy
	Stance   Stance
}

// QuoteView is a quote with what a quote card shows beside it.
type QuoteView struct {
	Quote    Quote
	Person   Person
	Strategy Strategy
	Stance   *Stance // nil when the person has no stance on the quote's strategy
}

// SeqQuote is a quote with the Seq of its last change. A retracted quote
// (removed at its source) is no longer current: the index drops it.
type SeqQuote struct {
	Seq       int64
	Quote     Quote
	Retracted bool
}

// ChangeKind says what a Change recorded.
type ChangeKind string

// Change kinds.
const (
	ChangeStanceNew     ChangeKind = "stance-new"     // a first stance of a person on a strategy
	ChangeStanceChanged ChangeKind = "stance-changed" // a stance's kind or summary changed
	ChangeQuoteNew      ChangeKind = "quote-new"      // a new quote
	// Changes that advance the store's Version but are no positions (digests skip them).
	ChangeQuoteChanged     ChangeKind = "quote-changed"     // a quote's citation, fidelity or context changed
	ChangePersonNew        ChangeKind = "person-new"        // a new person
	ChangePersonChanged    ChangeKind = "person-changed"    // a person's name, role, tiers or aliases changed
	ChangeStrategyNew      ChangeKind = "strategy-new"      // a new strategy
	ChangeStrategyChanged  ChangeKind = "strategy-changed"  // a strategy's name, summary or aliases changed
	ChangeStoryNew         ChangeKind = "story-new"         // a new or changed story
	ChangeCanonicalChanged ChangeKind = "canonical-changed" // a new or changed canonical strategy
	ChangeOrderChanged     ChangeKind = "order-changed"     // the source's order of people or positions changed
	// Positions and quotes their source no longer holds (kept, no longer current).
	ChangeStanceRetracted ChangeKind = "stance-retracted" // OldKind/OldSummary: the stance retracted
	ChangeQuoteRetracted  ChangeKind = "quote-retracted"
)

// Change is one recorded position change, in the order the store recorded it.
type Change struct {
	Seq        int64
	Kind       ChangeKind
	PersonID   string
	StrategyID string
	QuoteID    string // for quote and story changes (a story's post)
	// For stance changes: the stance before (zero Kind for a new stance) and
	// after (zero Kind for a retraction), each with whether it was tentative.
	OldKind       StanceKind
	OldSummary    string
	OldTentative  bool
	OldRecordedAt time.Time
	NewKind       StanceKind
	NewSummary    string
	NewTentative  bool
	Revision      string // the source revision whose import recorded it; "" for a curated import
	RecordedAt    time.Time
}

// ImportOptions say where a dataset comes from, for Store imports that
// follow a source (the board's repository) rather than a curated dataset.
type ImportOptions struct {
	// Source names the source ("atlas"); positions and quotes imported
	// from it are remembered as its own. "" is a curated dataset.
	Source string
	// Revision is the source's revision imported (a commit id), recorded
	// with the import and with every retraction it makes.
	Revision string
	// SourceTime is when the source recorded what it holds at Revision (the
	// commit's time): the SourceTime of every new entity that carries none.
	SourceTime time.Time
	// Snapshot says the dataset is the source's whole state at Revision:
	// stances and quotes of this source that it no longer holds are
	// retracted (kept, marked with Revision, no longer current).
	Snapshot bool
}

// ImportReport counts what an import added, changed and retracted.
type ImportReport struct {
	Added     ImportCounts
	Changed   ImportCounts
	Retracted ImportCounts // only Stances and Quotes are ever retracted
}

// ImportCounts counts rows by kind.
type ImportCounts struct {
	Strategies, People, Stances, Quotes, Stories int
	// Board is 1 when the board's name, profiled total or synthetic flag
	// was set or changed.
	Board int
}

// Total is the sum of all counts.
func (c ImportCounts) Total() int {
	return c.Strategies + c.People + c.Stances + c.Quotes + c.Stories + c.Board
}

// QuoteIndex is the full-text index of quotes (package index). It is derived
// from the Store and may be rebuilt from it at any time.
type QuoteIndex interface {
	// Search finds quotes for a user's words, which are never parsed as query syntax.
	Search(ctx context.Context, q QuoteQuery) (QuoteHits, error)
}

// QuoteQuery is a quote search: the user's words and optional filters.
type QuoteQuery struct {
	Words      string
	PersonID   string
	StrategyID string
	Fidelity   Fidelity
	Offset     int
	Limit      int
}

// QuoteHits is one page of search results, best first.
type QuoteHits struct {
	Total int
	Hits  []QuoteHit
}

// QuoteHit is one matching quote with the byte ranges of its text that matched.
type QuoteHit struct {
	QuoteID    string
	Score      float64
	Highlights []Span
}

// Sender posts replies into a channel, unprompted (daily digests). Each
// platform adapter implements it within its platform's limits and rate
// limits. A reply is split once into the platform messages it takes, which
// the caller keeps; each message is then posted on its own under a key, so
// that a post whose outcome was lost is checked on the platform rather than
// made twice.
type Sender interface {
	// Split renders a reply into the platform's messages, in order, each an
	// opaque payload for Post.
	Split(reply Reply) ([][]byte, error)
	// Post posts one message of Split into a channel. An error wrapping
	// ErrUndeliverable says that no retry can succeed until someone acts.
	Post(ctx context.Context, channelID string, m Outgoing) error
}

// Outgoing is one message of an unprompted post.
type Outgoing struct {
	// Key names the message on the platform (Discord's nonce, Slack's
	// message metadata): the same key is the same message. At most 25 ASCII
	// letters and digits.
	Key     string
	Payload []byte // a message of Sender.Split
	// Retry is when an earlier post of the message began whose outcome is
	// not known (zero: none). The sender then makes sure the message is not
	// in the channel already before posting it, and posts nothing when it is.
	Retry time.Time
}

// EventLog remembers the platform events already answered, across
// restarts, so that a platform's retry of one is not answered twice.
// *store.DB implements it.
type EventLog interface {
	// SeeEvent records the event id and reports whether it was seen within
	// the window before.
	SeeEvent(ctx context.Context, platform Platform, id string, window time.Duration) (bool, error)
}

// ErrUndeliverable marks a post that cannot succeed until someone acts: the
// bot was removed from the channel or lacks permission, or the channel is
// gone or archived.
var ErrUndeliverable = errors.New("the channel does not accept the bot's posts")
