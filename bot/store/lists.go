package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// A person's lists (categories, affiliations, p(doom) and timeline claims)
// and the sources of claims are stored as JSON: read whole with the person
// (personCols), never queried into.

// sourceJSON is a bot.Source as stored; empty values are left out.
type sourceJSON struct {
	Type          string `json:"type,omitempty"`
	Title         string `json:"title,omitempty"`
	Publisher     string `json:"publisher,omitempty"`
	Date          string `json:"date,omitempty"`
	URL           string `json:"url,omitempty"`
	ArchiveURL    string `json:"archive_url,omitempty"`
	VideoID       string `json:"video_id,omitempty"`
	VideoPlatform string `json:"video_platform,omitempty"`
	StartSeconds  int    `json:"start_seconds,omitempty"`
	EndSeconds    int    `json:"end_seconds,omitempty"`
}

func encodeSource(s bot.Source) (string, error) {
	b, err := json.Marshal(sourceJSON{Type: s.Type, Title: s.Title, Publisher: s.Publisher, Date: s.Date.String(),
		URL: s.URL, ArchiveURL: s.ArchiveURL, VideoID: s.VideoID, VideoPlatform: s.VideoPlatform,
		StartSeconds: s.StartSeconds, EndSeconds: s.EndSeconds})
	if err != nil {
		return "", fmt.Errorf("source: %w", err)
	}
	return string(b), nil
}

func (j sourceJSON) source() (bot.Source, error) {
	d, err := bot.ParseDate(j.Date)
	if err != nil {
		return bot.Source{}, fmt.Errorf("source: %w", err)
	}
	return bot.Source{Type: j.Type, Title: j.Title, Publisher: j.Publisher, Date: d, URL: j.URL,
		ArchiveURL: j.ArchiveURL, VideoID: j.VideoID, VideoPlatform: j.VideoPlatform,
		StartSeconds: j.StartSeconds, EndSeconds: j.EndSeconds}, nil
}

// encodeStrings stores a list of strings as a JSON array ("[]" for none).
func encodeStrings(ss []string) (string, error) {
	if len(ss) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(ss)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// decodeStrings reads a JSON array of strings; an empty one is nil.
func decodeStrings(s string) ([]string, error) {
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// decodeList reads a JSON array (json_group_array) into a list; an empty
// one is nil.
func decodeList[J any, T any](what, s string, conv func(J) (T, error)) ([]T, error) {
	var js []J
	if err := json.Unmarshal([]byte(s), &js); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if len(js) == 0 {
		return nil, nil
	}
	out := make([]T, len(js))
	for i, j := range js {
		var err error
		if out[i], err = conv(j); err != nil {
			return nil, fmt.Errorf("%s %d: %w", what, i+1, err)
		}
	}
	return out, nil
}

type affiliationJSON struct {
	Org     string `json:"org"`
	Role    string `json:"role"`
	Start   string `json:"start"`
	End     string `json:"end"`
	Current int    `json:"current"`
}

func decodeAffiliations(s string) ([]bot.Affiliation, error) {
	return decodeList("affiliation", s, func(j affiliationJSON) (bot.Affiliation, error) {
		return bot.Affiliation{Org: j.Org, Role: j.Role, Start: j.Start, End: j.End, Current: j.Current != 0}, nil
	})
}

type pdoomJSON struct {
	Low        float64    `json:"low"`
	High       float64    `json:"high"`
	Definition string     `json:"definition"`
	Date       string     `json:"date"`
	Source     sourceJSON `json:"source"`
	SourceTime string     `json:"source_time"`
	RecordedAt string     `json:"recorded_at"`
}

func decodePDoomClaims(s string) ([]bot.PDoomClaim, error) {
	return decodeList("p(doom) claim", s, func(j pdoomJSON) (bot.PDoomClaim, error) {
		c := bot.PDoomClaim{Low: j.Low, High: j.High, Definition: j.Definition}
		var err error
		if c.Date, err = bot.ParseDate(j.Date); err != nil {
			return c, err
		}
		if c.Source, err = j.Source.source(); err != nil {
			return c, err
		}
		return c, parseTimes(storedTime{&c.SourceTime, j.SourceTime}, storedTime{&c.RecordedAt, j.RecordedAt})
	})
}

type timelineJSON struct {
	Milestone   string     `json:"milestone"`
	Year        int        `json:"year"`
	From        int        `json:"from"`
	To          int        `json:"to"`
	Probability float64    `json:"probability"`
	Date        string     `json:"date"`
	Source      sourceJSON `json:"source"`
}

func decodeTimelines(s string) ([]bot.TimelineClaim, error) {
	return decodeList("timeline claim", s, func(j timelineJSON) (bot.TimelineClaim, error) {
		c := bot.TimelineClaim{Milestone: j.Milestone, Year: j.Year, RangeFrom: j.From, RangeTo: j.To,
			Probability: j.Probability}
		var err error
		if c.Date, err = bot.ParseDate(j.Date); err != nil {
			return c, err
		}
		c.Source, err = j.Source.source()
		return c, err
	})
}

// sameClaim reports whether two p(doom) claims say the same, whenever they
// were recorded.
func sameClaim(a, b bot.PDoomClaim) bool {
	a.SourceTime, a.RecordedAt, b.SourceTime, b.RecordedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return a == b
}
