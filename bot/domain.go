// Package bot is stancebot's core: the domain types, the command registry and
// handlers, and the platform-neutral Reply. It knows nothing about Discord,
// Slack, SQL or bleve; adapters and storage depend on it, never the reverse.
package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Expertise is a person's expertise tier on the board. The zero value means unknown.
type Expertise string

// Expertise tiers, in board order.
const (
	ExpertiseFrontierBuilder  Expertise = "frontier-builder"
	ExpertiseDeepTechnical    Expertise = "deep-technical"
	ExpertiseAppliedTechnical Expertise = "applied-technical"
	ExpertisePolicyMeta       Expertise = "policy-meta"
	ExpertiseExternalExpert   Expertise = "external-expert"
	ExpertiseCommentator      Expertise = "commentator"
)

// Expertises lists the expertise tiers in board order (grid rows, mix order).
var Expertises = []Expertise{
	ExpertiseFrontierBuilder, ExpertiseDeepTechnical, ExpertiseAppliedTechnical,
	ExpertisePolicyMeta, ExpertiseExternalExpert, ExpertiseCommentator,
}

var expertiseLabels = map[Expertise][2]string{
	ExpertiseFrontierBuilder:  {"Frontier builder", "Builds frontier systems"},
	ExpertiseDeepTechnical:    {"Deep technical", "Deep ML / safety technical"},
	ExpertiseAppliedTechnical: {"Applied technical", "Applied or adjacent technical"},
	ExpertisePolicyMeta:       {"Policy / meta", "Governance, policy, strategy"},
	ExpertiseExternalExpert:   {"External-domain expert", "Expert in another field"},
	ExpertiseCommentator:      {"Commentator", "Public-square commentator"},
}

// Label is the tier's name as the board's grid shows it ("Frontier builder").
func (e Expertise) Label() string { return expertiseLabels[e][0] }

// MixLabel is the tier's name in the board's expertise mix ("Builds frontier systems").
func (e Expertise) MixLabel() string { return expertiseLabels[e][1] }

// ParseExpertise accepts a slug, a grid label or a mix label, in any case.
func ParseExpertise(s string) (Expertise, bool) {
	for _, e := range Expertises {
		l := expertiseLabels[e]
		if strings.EqualFold(s, string(e)) || strings.EqualFold(s, l[0]) || strings.EqualFold(s, l[1]) {
			return e, true
		}
	}
	return "", false
}

// Recognition is a person's recognition tier on the board. The zero value means unknown.
type Recognition string

// Recognition tiers, from most to least recognised.
const (
	RecognitionHouseholdName Recognition = "household-name"
	RecognitionFieldLeading  Recognition = "field-leading"
	RecognitionEstablished   Recognition = "established"
	RecognitionEmerging      Recognition = "emerging"
)

// Recognitions lists the recognition tiers in board order (grid columns, mix order).
var Recognitions = []Recognition{
	RecognitionHouseholdName, RecognitionFieldLeading, RecognitionEstablished, RecognitionEmerging,
}

var recognitionLabels = map[Recognition][2]string{
	RecognitionHouseholdName: {"Household name", "Mass-public recognition"},
	RecognitionFieldLeading:  {"Field-leading", "Known across the AI/safety field"},
	RecognitionEstablished:   {"Established", "Recognised inside subfield"},
	RecognitionEmerging:      {"Emerging", "Newer or less central voice"},
}

// Label is the tier's name as the board's grid shows it ("Household name").
func (r Recognition) Label() string { return recognitionLabels[r][0] }

// MixLabel is the tier's name in the board's recognition mix ("Mass-public recognition").
func (r Recognition) MixLabel() string { return recognitionLabels[r][1] }

// Rank orders tiers: 0 for household name up to 3 for emerging, 4 for unknown.
func (r Recognition) Rank() int {
	for i, x := range Recognitions {
		if x == r {
			return i
		}
	}
	return len(Recognitions)
}

// ParseRecognition accepts a slug, a grid label or a mix label, in any case.
func ParseRecognition(s string) (Recognition, bool) {
	for _, r := range Recognitions {
		l := recognitionLabels[r]
		if strings.EqualFold(s, string(r)) || strings.EqualFold(s, l[0]) || strings.EqualFold(s, l[1]) {
			return r, true
		}
	}
	return "", false
}

// Vintage is the era in which a person's AI worldview formed. The zero value means unknown.
type Vintage string

// Vintage eras, oldest first.
const (
	VintagePioneer          Vintage = "pioneer"
	VintageSymbolicEra      Vintage = "symbolic-era"
	VintagePreDeepLearning  Vintage = "pre-deep-learning"
	VintageDeepLearningRise Vintage = "deep-learning-rise"
	VintageScalingEra       Vintage = "scaling-era"
	VintagePostChatGPT      Vintage = "post-chatgpt"
)

// Vintages lists the eras oldest first (mix order).
var Vintages = []Vintage{
	VintagePioneer, VintageSymbolicEra, VintagePreDeepLearning,
	VintageDeepLearningRise, VintageScalingEra, VintagePostChatGPT,
}

var vintageLabels = map[Vintage]string{
	VintagePioneer:          "Pioneer",
	VintageSymbolicEra:      "Symbolic era",
	VintagePreDeepLearning:  "Pre-deep-learning",
	VintageDeepLearningRise: "Deep-learning rise",
	VintageScalingEra:       "Scaling era",
	VintagePostChatGPT:      "Post-ChatGPT",
}

// Label is the era's name as the board shows it ("Deep-learning rise").
func (v Vintage) Label() string { return vintageLabels[v] }

// ParseVintage accepts a slug or a label, in any case.
func ParseVintage(s string) (Vintage, bool) {
	for _, v := range Vintages {
		if strings.EqualFold(s, string(v)) || strings.EqualFold(s, vintageLabels[v]) {
			return v, true
		}
	}
	return "", false
}

// StanceKind is a person's position on a strategy.
type StanceKind string

// Stance kinds.
const (
	StanceEndorses      StanceKind = "endorses"
	StanceOpposes       StanceKind = "opposes"
	StanceMixed         StanceKind = "mixed"
	StanceConditional   StanceKind = "conditional"
	StanceEvolvedToward StanceKind = "evolved-toward"
	StanceEvolvedAway   StanceKind = "evolved-away"
)

// StanceKinds lists every stance kind.
var StanceKinds = []StanceKind{StanceEndorses, StanceOpposes, StanceMixed, StanceConditional, StanceEvolvedToward, StanceEvolvedAway}

// IsEndorser reports whether the kind counts as endorsing under the board's
// rule for tier mixes: endorses, mixed, conditional and evolved-toward.
func (k StanceKind) IsEndorser() bool {
	return k == StanceEndorses || k == StanceMixed || k == StanceConditional || k == StanceEvolvedToward
}

// IsOpposer reports whether the kind counts as opposing under the board's
// rule: opposes and evolved-away.
func (k StanceKind) IsOpposer() bool { return k == StanceOpposes || k == StanceEvolvedAway }

// ParseStanceKind accepts a stance kind in any case ("Evolved toward" too).
func ParseStanceKind(s string) (StanceKind, bool) {
	norm := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "-", " ")), "-"))
	for _, k := range StanceKinds {
		if norm == string(k) {
			return k, true
		}
	}
	return "", false
}

// Fidelity says how closely a quote's text follows the person's words. The
// values are the board's own words and are shown on every card.
type Fidelity string

// Fidelity levels.
const (
	FidelityDirect   Fidelity = "direct quote"
	FidelityFaithful Fidelity = "faithful paraphrase"
	FidelityLoose    Fidelity = "loose paraphrase"
	FidelitySummary  Fidelity = "summary" // the board's summary of a position, not the person's words
)

// Fidelities lists every fidelity level, closest first.
var Fidelities = []Fidelity{FidelityDirect, FidelityFaithful, FidelityLoose, FidelitySummary}

// ParseFidelity accepts a fidelity as the board writes it, or its first word
// ("direct", "faithful", "loose"), in any case.
func ParseFidelity(s string) (Fidelity, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, f := range Fidelities {
		if s == string(f) || s == strings.Fields(string(f))[0] {
			return f, true
		}
	}
	return "", false
}

// IsDirect reports whether the text is the person's exact words; only such a
// quote is ever shown in quotation marks.
func (f Fidelity) IsDirect() bool { return f == FidelityDirect }

// Date is a calendar date known to year, month or day precision. Zero fields
// are unknown: {2024, 2, 0} is "2024-02". The zero Date is unknown entirely.
type Date struct {
	Year, Month, Day int
}

// ParseDate reads "2024", "2024-02" or "2024-02-13"; "" is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 {
		return Date{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	var n [3]int
	widths := [3]int{4, 2, 2}
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || len(p) != widths[i] || v < 0 {
			return Date{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		n[i] = v
	}
	d := Date{n[0], n[1], n[2]}
	if d.Year == 0 || (len(parts) > 1 && (d.Month < 1 || d.Month > 12)) {
		return Date{}, fmt.Errorf("date %q: out of range", s)
	}
	if len(parts) == 3 {
		t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
		if d.Day < 1 || t.Day() != d.Day {
			return Date{}, fmt.Errorf("date %q: no such day", s)
		}
	}
	return d, nil
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// String formats the date to its known precision, "" when unknown.
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	default:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
}

// PDoomClaim is one stated probability of doom: a value or a range, in
// percent (Low == High for a single value), with what it was a probability
// of, when and where it was said.
type PDoomClaim struct {
	Low, High  float64 // percent, 0..100; equal for a single value
	Definition string  // "extinction or permanent disempowerment by 2100"; "" when not stated
	Date       Date
	Source     Source
	SourceTime time.Time // when the source (the board's commit) first recorded it; zero when unknown
	RecordedAt time.Time // when it arrived in this store
}

// IsRange reports whether the claim is a range rather than one value.
func (c PDoomClaim) IsRange() bool { return c.Low != c.High }

// Midpoint is the value the board counts for the claim: a range at its midpoint.
func (c PDoomClaim) Midpoint() float64 { return (c.Low + c.High) / 2 }

// TimelineClaim is a stated forecast of when a milestone arrives.
type TimelineClaim struct {
	Milestone   string  // "AGI", "transformative AI", ...
	Year        int     // 0 when a range is given or unknown
	RangeFrom   int     // a range of years; both 0 when none
	RangeTo     int     //
	Probability float64 // percent; 0 when not stated
	Date        Date    // when it was said
	Source      Source
}

// ProfileNotes say why a person has their tiers: the board's justification
// for each one ("Turing Award; led FAIR ..."). Empty when not recorded.
type ProfileNotes struct {
	Expertise   string
	Recognition string
	Vintage     string
}

// Affiliation is an organisation a person works or worked with.
type Affiliation struct {
	Org     string
	Role    string // "" when not recorded
	Start   string // as the source writes it ("2013", "2023-05"); "" when unknown
	End     string
	Current bool
}

// Board describes the board the dataset was taken from.
type Board struct {
	Name          string // "AGI Strategies"
	ProfiledTotal int    // people profiled on the whole board ("248 on the board total")
	Synthetic     bool   // generated data (the benchmark corpus), not real positions
}

// Person is someone whose positions are on record.
type Person struct {
	ID           string // slug, e.g. "yann-lecun"
	Name         string
	Aliases      []string // other names and handles ("@Thom_Wolf")
	Role         string   // one line
	Tagline      string   // the board's one-line tagline; "" when none
	Summary      string   // the board's paragraph about the person; "" when none
	Categories   []string // researcher, executive, founder, ... as the board writes them
	Affiliations []Affiliation
	Homepage     string
	Wikipedia    string
	Twitter      string // handle or URL as the source gives it
	LastUpdated  Date   // when the board last revised the person; zero when unknown
	Expertise    Expertise
	Recognition  Recognition
	Vintage      Vintage
	ProfileNotes ProfileNotes
	PDoomClaims  []PDoomClaim // in the source's order; the first is the one the board counts
	Timelines    []TimelineClaim
	Profiled     bool // has tiers assigned on the board
	// Unprofiled says the source states the person has no profile (no
	// tiers) on the board. Without it, a person without tiers is one whose
	// tiers the source does not give ("tiers not in this export").
	Unprofiled bool
	Order      int       // place in the source's order of people (1 is first): how the source breaks ties; 0 when none
	SourceTime time.Time // when the source first recorded the person; zero when unknown
	RecordedAt time.Time
}

// Strategy is a position people argue about ("Open source").
type Strategy struct {
	ID          string // slug, e.g. "open-source"
	Name        string
	Summary     string
	Aliases     []string
	CanonicalID string // the board's canonical strategy this tag bridges to; "" when none
	RecordedAt  time.Time
}

// CanonicalStrategy is one entry of the board's catalogue of named
// strategies, with its declared relations to other canonical strategies
// (the board's "declared relations matrix"). Tags link to it through
// Strategy.CanonicalID.
type CanonicalStrategy struct {
	ID              string
	Name            string
	Bet             string
	Mechanism       string
	ConflictsWith   []string // canonical ids
	ComplementsWith []string // canonical ids
}

// Stance is a person's current position on a strategy.
type Stance struct {
	PersonID   string
	StrategyID string
	Kind       StanceKind
	Tentative  bool   // inferred from a passing remark: never a stated endorser
	Summary    string // one line, e.g. "Argues open standards are ..."
	Order      int    // place among the person's positions at the source (1 is first); 0 when none
	Source     string // the source the store imported it from ("atlas"); "" a curated dataset. Set by the store, not part of a dataset
	SourceTime time.Time
	RecordedAt time.Time

	// KindSupplied says the kind was given at import by whoever ran it
	// (the thread importer's --stance), not read from the source.
	KindSupplied bool
}

// Source is where a quote was said or written.
type Source struct {
	Type          string `json:"type"` // blog, article, paper, testimony, podcast, tweet, book, talk, video, interview-transcript ...
	Title         string `json:"title"`
	Publisher     string `json:"publisher,omitempty"`
	Date          Date   `json:"date,omitzero"`
	URL           string `json:"url,omitempty"`
	ArchiveURL    string `json:"archive_url,omitempty"`
	VideoID       string `json:"video_id,omitempty"`       // with VideoPlatform, the video the quote is in
	VideoPlatform string `json:"video_platform,omitempty"` // "youtube" or "vimeo"
	StartSeconds  int    `json:"start_seconds,omitempty"`  // where in the video the quote starts; 0 from the start
	EndSeconds    int    `json:"end_seconds,omitempty"`
}

// Verification is a moderator's judgement of whether a quote is what it
// claims to be. The zero value is VerificationUnverified.
type Verification string

// Verification statuses.
const (
	VerificationUnverified    Verification = ""
	VerificationVerified      Verification = "verified"
	VerificationDisputed      Verification = "disputed"
	VerificationMisattributed Verification = "misattributed"
)

// Quote is a person's words on a strategy, with their source.
type Quote struct {
	ID           string // stable, derived from the natural key (see QuoteID)
	PersonID     string
	StrategyID   string
	Text         string
	Fidelity     Fidelity
	Date         Date // when it was said, if the source gives a date apart from the source's own
	Source       Source
	Context      string // optional note ("Testimony to the US House ...")
	Verification Verification
	SourceTime   time.Time
	RecordedAt   time.Time

	// Verdict says who judged Verification, when and why; zero when never judged.
	Verdict Verdict
	// DateSupplied says Source.Date was given at import by whoever ran it
	// (the thread importer's --date), not read from the source.
	DateSupplied bool
	// Provenance says the quote was recorded by this community (proposed
	// in the chat, approved by a moderator); nil for a quote from a
	// dataset or a source.
	Provenance *Provenance
	// Dispute is the quote's dispute under review; nil when none. Set by
	// the store, not part of a dataset.
	Dispute *OpenDispute
}

// Story is a discussion thread exported from a platform (an X story): the
// post it grew from, its headline and overview, and the replies.
type Story struct {
	ID       string // slug
	Headline string
	QuoteID  string // the post, recorded as a quote of its author
	Sections []StorySection
	Replies  []StoryReply
}

// StorySection is one headed paragraph of a story's overview.
type StorySection struct {
	Heading string
	Text    string
}

// StoryReply is one reply in a story, attributed to no more than the export shows.
type StoryReply struct {
	To         []string // the handles it is addressed to ("@Thom_Wolf")
	Text       string
	QuotesPost bool // the reply quotes the story's post
}

// Dataset is everything the importers produce and the store exports: the
// canonical, curated form of the data. RecordedAt fields are set by the
// store and are not part of a dataset.
type Dataset struct {
	Board      *Board
	Strategies []Strategy
	Canonical  []CanonicalStrategy
	People     []Person
	Stances    []Stance
	Quotes     []Quote
	Stories    []Story
	Stated     []StatedAggregates
}

// NotStated is the value of a count a source page did not print.
const NotStated = -1

// StatedAggregates are the numbers a source page printed about one
// strategy (the board export's counts, p(doom) and mixes), kept as the page
// stated them. The store computes every number from named people; these
// are shown beside the computed ones where the two differ (an export that
// does not say whose they are), never used to compute. A count the page
// did not print is NotStated; a mix it did not print is nil.
type StatedAggregates struct {
	StrategyID        string
	Source            string // what printed them ("board export")
	StatedEndorsers   int
	Opposers          int
	ProfiledEndorsers int
	QuotesByEndorsers int
	PDoom             *StatedPDoom // nil when not printed
	ExpertiseMix      map[Expertise]int
	RecognitionMix    map[Recognition]int
	VintageAssigned   int // profiled endorsers with an era assigned
	VintageMix        map[Vintage]int
	Unnamed           []UnnamedCell // grid cells the page shows occupied by people it does not name
	People            []string      // ids of the people the page lists on its record; nil when not listed
}

// StatedPDoom is the endorsers' p(doom) as a page printed it, in percent.
type StatedPDoom struct {
	Mean   float64
	Median float64 // NotStated when not printed
	N      int     // NotStated when not printed
}

// UnnamedCell is a grid cell a page shows occupied by people it does not
// name: Count of them, 0 when the page does not tell how many.
type UnnamedCell struct {
	Expertise   Expertise
	Recognition Recognition
	Count       int
}

// Relation is a relation the board declares between two canonical strategies.
type Relation string

// Declared relations.
const (
	RelationConflicts   Relation = "conflicts"
	RelationComplements Relation = "complements"
)

// DeclaredRelation is the relation declared between canonical strategies a
// and b in either direction: conflicts when either lists the other among
// its conflicts, else complements when either lists the other among its
// complements, else "".
func DeclaredRelation(a, b CanonicalStrategy) Relation {
	has := func(ids []string, id string) bool {
		for _, x := range ids {
			if x == id {
				return true
			}
		}
		return false
	}
	switch {
	case has(a.ConflictsWith, b.ID) || has(b.ConflictsWith, a.ID):
		return RelationConflicts
	case has(a.ComplementsWith, b.ID) || has(b.ComplementsWith, a.ID):
		return RelationComplements
	}
	return ""
}

// IsStatedEndorser reports whether the stance makes its holder a stated
// endorser, the board's rule: an endorsing kind, not tentative.
func (s Stance) IsStatedEndorser() bool { return s.Kind.IsEndorser() && !s.Tentative }

// ComparePersonOrder orders people as their source does: by Order, people
// without one (0) after those with one, then by id.
func ComparePersonOrder(a, b Person) int { return compareOrder(a.Order, b.Order, a.ID, b.ID) }

// CompareStanceOrder orders one person's stances as their source does: by
// Order, stances without one after, then by strategy id.
func CompareStanceOrder(a, b Stance) int {
	return compareOrder(a.Order, b.Order, a.StrategyID, b.StrategyID)
}

func compareOrder(a, b int, idA, idB string) int {
	switch {
	case a == b:
		return strings.Compare(idA, idB)
	case a == 0:
		return 1
	case b == 0:
		return -1
	case a < b:
		return -1
	}
	return 1
}
