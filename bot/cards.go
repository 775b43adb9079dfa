package bot

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// quoteBlock is the quote card of q, said by p on strategy st. The stance is
// left out when stance is nil (the surrounding card already shows it).
func quoteBlock(q Quote, p Person, st Strategy, stance *Stance) QuoteBlock {
	qb := QuoteBlock{
		QuoteID:    q.ID,
		PersonID:   p.ID,
		Speaker:    p.Name,
		Role:       p.Role,
		StrategyID: st.ID,
		Strategy:   st.Name,
		Text:       q.Text,
		Fidelity:   q.Fidelity,
		Source:     q.Source,
		Context:    q.Context,
	}
	if stance != nil {
		qb.Stance, qb.Summary = stance.Kind, stance.Summary
		if stance.KindSupplied {
			qb.Supplied = append(qb.Supplied, "stance")
		}
	}
	if q.DateSupplied && !q.Source.Date.IsZero() {
		qb.Supplied = append(qb.Supplied, "date")
	}
	if len(qb.Supplied) > 0 {
		qb.addNote(capitalize(strings.Join(qb.Supplied, " and ")) + " given at import, not in the source.")
	}
	qb.Verification = q.Verification
	qb.addNote(verificationNote(q.Verification, q.Verdict))
	qb.addNote(communityNote(q))
	return qb
}

// communityNote is what a quote card's note says of the community's part
// in the quote: that it recorded it, that it is disputed and under review.
func communityNote(q Quote) string {
	var ls []string
	if p := q.Provenance; p != nil {
		l := "Recorded by this community: proposed in the chat"
		if !p.ApprovedAt.IsZero() {
			l += ", approved by a moderator on " + utcDay(p.ApprovedAt)
		}
		ls = append(ls, l+".")
	}
	if d := q.Dispute; d != nil {
		l := "⚠ Disputed, under review"
		if !d.OpenedAt.IsZero() {
			l += " (since " + utcDay(d.OpenedAt) + ")"
		}
		ls = append(ls, l+": "+OneLine(d.Reason))
	}
	return strings.Join(ls, "\n")
}

// utcDay is the day of t as cards give it: in UTC, "2026-12-03".
func utcDay(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// TentativeNote is what every card says of a tentative stance.
const TentativeNote = "tentative: inferred from a passing remark"

// TentativeLabel is a stance kind's label, written as the caller writes
// kinds ("evolved-toward", "evolved toward"), marked when the stance is
// tentative: "endorses (tentative)". It is the short mark of the lines that
// name stances (a person's history, digests); a card's stance says more
// (TentativeNote).
func TentativeLabel(kind string, tentative bool) string {
	if tentative {
		return kind + " (tentative)"
	}
	return kind
}

// stanceText is a stance's kind as a card shows it, saying when it is
// tentative (inferred from a passing remark) and when it was given at import
// rather than read from the source.
func stanceText(s Stance) string {
	text := string(s.Kind)
	if s.Tentative {
		text += " (" + TentativeNote + ")"
	}
	if s.KindSupplied {
		text += " (given at import)"
	}
	return text
}

// setMatches records where a search matched the block's text. Only a
// paraphrase is emphasised: inside quotation marks a direct quote's text
// is exactly as recorded, so its matches go to scripts only.
func (qb *QuoteBlock) setMatches(spans []Span) {
	qb.Matches = NormalizeSpans(qb.Text, spans)
	qb.Highlights = nil
	if !qb.Fidelity.IsDirect() {
		qb.Highlights = qb.Matches
	}
}

// addNote adds a line to the block's note; "" adds nothing.
func (qb *QuoteBlock) addNote(line string) {
	switch {
	case line == "":
	case qb.Note == "":
		qb.Note = line
	default:
		qb.Note += "\n" + line
	}
}

// capitalize upper-cases the first letter of an ASCII word list.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// QuoteViewBlock is the full quote card of a quote view: words, citation,
// speaker, strategy and the speaker's stance on it.
func QuoteViewBlock(v QuoteView) QuoteBlock {
	return quoteBlock(v.Quote, v.Person, v.Strategy, v.Stance)
}

// sortQuotes orders quotes newest first (unknown dates last), then by id.
func sortQuotes(qs []Quote) {
	sort.SliceStable(qs, func(i, j int) bool {
		a, b := qs[i].Source.Date, qs[j].Source.Date
		if a != b {
			return dateAfter(a, b)
		}
		return qs[i].ID < qs[j].ID
	})
}

// dateAfter orders dates newest first; an unknown date sorts last.
func dateAfter(a, b Date) bool {
	if a.Year != b.Year {
		return a.Year > b.Year
	}
	if a.Month != b.Month {
		return a.Month > b.Month
	}
	return a.Day > b.Day
}

// percent formats a percentage with at most one decimal: "25%", "2.5%".
func percent(x float64) string {
	return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) + "%"
}

// lines joins non-empty lines with newlines.
func lines(ls ...string) string {
	out := ls[:0:0]
	for _, l := range ls {
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// plural returns "1 person", "2 people"-style counts.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
