package seeds

import (
	"regexp"

	"github.com/stancebot/stancebot/bot"
)

var (
	reBoardTotal  = regexp.MustCompile(`^(\d[\d,]*) on the board total$`)
	reGridCaption = regexp.MustCompile(`^(\d[\d,]*) of (\d[\d,]*) profiled\b`)
	reMixHeader   = regexp.MustCompile(`\b(\d[\d,]*) profiled of (\d[\d,]*)\b`)
	reVintageHead = regexp.MustCompile(`\bn=(\d[\d,]*) of (\d[\d,]*) profiled\b`)
	rePDoomN      = regexp.MustCompile(`\bn=(\d[\d,]*)`)
	rePDoomMedian = regexp.MustCompile(`\bmedian (\d+(?:\.\d+)?%)`)
)

// parseAggregates reads every number the page prints before the people on
// the record. Each is looked for on its own, so a page that lacks one (or
// orders them differently) still yields the others.
func (p *boardParser) parseAggregates(head []line) Aggregates {
	a := Aggregates{
		StatedEndorsers: NotShown, StatedOpposers: NotShown, ProfiledEndorsers: NotShown,
		BoardTotal: NotShown, QuotesByEndorsers: NotShown, GridProfiled: NotShown,
		GridBoardTotal: NotShown, MixProfiled: NotShown, MixEndorsers: NotShown,
		VintageAssigned: NotShown, VintageProfiled: NotShown, PeopleOnRecord: NotShown,
	}
	end := len(head)
	a.StatedEndorsers = p.countAfter(end, "stated endorsers")
	if p.find(0, end, label("no opposers yet")) >= 0 {
		a.StatedOpposers = 0
	} else if n := p.countAfter(end, "stated opposers"); n != NotShown {
		a.StatedOpposers = n
	}
	a.ProfiledEndorsers = p.countAfter(end, "profiled endorsers")
	a.QuotesByEndorsers = p.countAfter(end, "quotes by endorsers")
	if i := p.find(0, end, reBoardTotal.MatchString); i >= 0 {
		a.BoardTotal, _ = atoi(reBoardTotal.FindStringSubmatch(p.lines[i].text)[1])
	}
	if i := p.find(0, end, reGridCaption.MatchString); i >= 0 {
		m := reGridCaption.FindStringSubmatch(p.lines[i].text)
		a.GridProfiled, _ = atoi(m[1])
		a.GridBoardTotal, _ = atoi(m[2])
	}
	a.PDoom = p.parsePDoom(end)
	if i := p.find(0, end, prefix("expertise mix")); i >= 0 {
		if m := reMixHeader.FindStringSubmatch(p.lines[i].text); m != nil {
			a.MixProfiled, _ = atoi(m[1])
			a.MixEndorsers, _ = atoi(m[2])
		}
		a.ExpertiseMix = map[bot.Expertise]int{}
		p.mixPairs(i+1, end, func(s string, n int) bool {
			e, ok := bot.ParseExpertise(s)
			if ok {
				a.ExpertiseMix[e] = n
			}
			return ok
		})
	}
	if i := p.find(0, end, prefix("recognition mix")); i >= 0 {
		a.RecognitionMix = map[bot.Recognition]int{}
		p.mixPairs(i+1, end, func(s string, n int) bool {
			r, ok := bot.ParseRecognition(s)
			if ok {
				a.RecognitionMix[r] = n
			}
			return ok
		})
	}
	if i := p.find(0, end, prefix("vintage mix")); i >= 0 {
		if m := reVintageHead.FindStringSubmatch(p.lines[i].text); m != nil {
			a.VintageAssigned, _ = atoi(m[1])
			a.VintageProfiled, _ = atoi(m[2])
		}
		a.VintageMix = map[bot.Vintage]int{}
		p.mixPairs(i+1, end, func(s string, n int) bool {
			v, ok := bot.ParseVintage(s)
			if ok {
				a.VintageMix[v] = n
			}
			return ok
		})
	}
	return a
}

// countAfter returns the count on the line after the label, or NotShown.
func (p *boardParser) countAfter(end int, name string) int {
	i := p.find(0, end, label(name))
	if i < 0 || i+1 >= end {
		return NotShown
	}
	n, ok := atoi(p.lines[i+1].text)
	if !ok {
		p.warnf("line %d: %q is not a count for %q", p.lines[i+1].n, p.lines[i+1].text, name)
		return NotShown
	}
	return n
}

// parsePDoom reads "endorser mean p(doom)" / "25%" / "n=2 · median 25%".
func (p *boardParser) parsePDoom(end int) *PDoomStats {
	i := p.find(0, end, label("endorser mean p(doom)"))
	if i < 0 || i+1 >= end {
		return nil
	}
	mean, ok := percent(p.lines[i+1].text)
	if !ok {
		return nil
	}
	st := &PDoomStats{Mean: mean, Median: NotShown, N: NotShown}
	if i+2 < end {
		next := p.lines[i+2].text
		if m := rePDoomN.FindStringSubmatch(next); m != nil {
			st.N, _ = atoi(m[1])
		}
		if m := rePDoomMedian.FindStringSubmatch(next); m != nil {
			st.Median, _ = percent(m[1])
		}
	}
	return st
}

// mixPairs reads "label" / "count" line pairs from lines[from:end] for as
// long as add accepts the label.
func (p *boardParser) mixPairs(from, end int, add func(label string, n int) bool) {
	for i := from; i+1 < end; i += 2 {
		n, ok := atoi(p.lines[i+1].text)
		if !ok || !add(p.lines[i].text, n) {
			return
		}
	}
}
