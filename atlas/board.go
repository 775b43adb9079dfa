package atlas

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
)

// Board is the board's data as its TypeScript modules hold them (the types
// of src/lib/people-types.ts, src/lib/strategy-tags.ts and src/lib/types.ts),
// read from one commit.
type Board struct {
	People          []Person           `json:"people"`
	StrategyTags    []StrategyTag      `json:"strategyTags"`
	Strategies      []Strategy         `json:"strategies"`
	TagToStrategyID map[string]*string `json:"tagToStrategyId"`
}

// StrategyTag is one of the tags positions reference.
type StrategyTag struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	OneLine string   `json:"oneLine"`
	Aka     []string `json:"aka"`
}

// Strategy is one canonical strategy of the board's catalogue.
type Strategy struct {
	ID              string   `json:"id"`
	Name            string   `json:"name"`
	Bet             string   `json:"bet"`
	Mechanism       string   `json:"mechanism"`
	ConflictsWith   []string `json:"conflictsWith"`
	ComplementsWith []string `json:"complementsWith"`
}

// Person is one person of the merged people list (src/lib/people.ts).
type Person struct {
	ID           string          `json:"id"`
	Name         string          `json:"name"`
	Tagline      string          `json:"tagline"`
	Summary      string          `json:"summary"`
	Categories   []string        `json:"categories"`
	Affiliations []Affiliation   `json:"affiliations"`
	Homepage     string          `json:"homepage"`
	Wikipedia    string          `json:"wikipedia"`
	Twitter      string          `json:"twitter"`
	Positions    []Position      `json:"positions"`
	PDoom        []PDoomClaim    `json:"pDoom"`
	Timelines    []TimelineClaim `json:"timelines"`
	Profile      *Profile        `json:"profile"`
	LastUpdated  string          `json:"lastUpdated"`
}

// Affiliation is an organisation a person works or worked with.
type Affiliation struct {
	Org     string `json:"org"`
	Role    string `json:"role"`
	Start   string `json:"start"`
	End     string `json:"end"`
	Current bool   `json:"current"`
}

// Position is a person's stance on one strategy tag.
type Position struct {
	StrategyID string  `json:"strategyId"`
	Stance     string  `json:"stance"`
	Summary    string  `json:"summary"`
	Quotes     []Quote `json:"quotes"`
	Tentative  bool    `json:"tentative"`
}

// Quote is a person's words (or the board's summary of them) with a source.
type Quote struct {
	Text     string `json:"text"`
	Date     string `json:"date"`
	Fidelity string `json:"fidelity"`
	Context  string `json:"context"`
	Source   Source `json:"source"`
}

// Source is where a quote or claim was said or written.
type Source struct {
	Title         string `json:"title"`
	URL           string `json:"url"`
	Medium        string `json:"medium"`
	Publisher     string `json:"publisher"`
	Date          string `json:"date"`
	VideoID       string `json:"videoId"`
	VideoPlatform string `json:"videoPlatform"`
	StartSeconds  int    `json:"startSeconds"`
	EndSeconds    int    `json:"endSeconds"`
	ArchiveURL    string `json:"archiveUrl"`
}

// PDoomClaim is a stated probability of doom: a value or a [low, high] range.
type PDoomClaim struct {
	Value      Range  `json:"value"`
	Definition string `json:"definition"`
	Date       string `json:"date"`
	Source     Source `json:"source"`
}

// TimelineClaim is a stated forecast of a milestone.
type TimelineClaim struct {
	Milestone   string   `json:"milestone"`
	Year        int      `json:"year"`
	Range       *[2]int  `json:"range"`
	Probability *float64 `json:"probability"`
	Date        string   `json:"date"`
	Source      Source   `json:"source"`
}

// Profile is a person's tiers with the notes that justify them.
type Profile struct {
	Expertise       string `json:"expertise"`
	ExpertiseNote   string `json:"expertiseNote"`
	Recognition     string `json:"recognition"`
	RecognitionNote string `json:"recognitionNote"`
	Vintage         string `json:"vintage"`
	VintageNote     string `json:"vintageNote"`
}

// Range is a number or a [low, high] pair; Low == High for a number.
type Range struct{ Low, High float64 }

// UnmarshalJSON reads 12 or [10, 20].
func (r *Range) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var pair []float64
		if err := json.Unmarshal(b, &pair); err != nil {
			return err
		}
		if len(pair) != 2 {
			return fmt.Errorf("want a value or a [low, high] pair, got %d numbers", len(pair))
		}
		r.Low, r.High = pair[0], pair[1]
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	r.Low, r.High = v, v
	return nil
}

// Read bundles and evaluates the board's modules at commit c and decodes
// what they hold. A module that fails to bundle or evaluate is a
// *ModuleError naming its file and line.
func (r *Repo) Read(ctx context.Context, c Commit, lim Limits) (*Board, error) {
	data, _, err := r.readJSON(ctx, c, lim, entrySource)
	if err != nil {
		return nil, err
	}
	return decode(data)
}

// readJSON is the board data of commit c as the modules' JSON (what the
// entry module exports), with every path the bundle looked up and its blob.
func (r *Repo) readJSON(ctx context.Context, c Commit, lim Limits, entry string) ([]byte, map[string]plumbing.Hash, error) {
	lim = lim.orDefaults()
	tree, err := c.tree()
	if err != nil {
		return nil, nil, err
	}
	t := newTreeFS(tree, lim.SourceBytes)
	script, err := bundle(t, entry)
	if err != nil {
		return nil, nil, fmt.Errorf("commit %s: %w", c.Short(), err)
	}
	data, err := evaluate(ctx, script, lim)
	if err != nil {
		return nil, nil, fmt.Errorf("commit %s: %w", c.Short(), err)
	}
	return data, t.hashes, nil
}

// decode reads the modules' JSON into a Board.
func decode(data []byte) (*Board, error) {
	var b Board
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, &ModuleError{Message: fmt.Sprintf("the board data do not have the board's types: %v", err), Stage: "evaluate"}
	}
	return &b, nil
}
