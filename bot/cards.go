package bot

import (
	"math"
	"sort"
	"strconv"
	"strings"
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
	}
	return qb
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
