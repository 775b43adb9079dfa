package seeds

import (
	"fmt"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// crossCheck compares every aggregate the page prints with what was parsed
// and resolved, and the page's numbers with each other. Each mismatch is a
// warning with both numbers; nothing is changed to make them agree.
func crossCheck(p *boardParser, page *BoardPage) {
	a := page.Aggregates
	ds := page.Dataset
	kinds := map[string]bot.StanceKind{}
	endorsers, opposers := 0, 0
	for _, s := range ds.Stances {
		kinds[s.PersonID] = s.Kind
		switch {
		case s.Kind.IsEndorser():
			endorsers++
		case s.Kind.IsOpposer():
			opposers++
		}
	}
	quotes := 0
	for _, q := range ds.Quotes {
		if kinds[q.PersonID].IsEndorser() {
			quotes++
		}
	}
	var faces []GridFace // the named endorser faces
	for _, f := range page.Grid.Faces {
		if k, ok := kinds[f.PersonID]; ok && f.Opposer != k.IsOpposer() {
			p.warnf("grid: %s is marked as %s in the grid but %s on the record", f.Name, opposerWord(f.Opposer), k)
		}
		if !f.Opposer {
			faces = append(faces, f)
		}
	}

	check := func(what string, page, got int, verb string) {
		if page != NotShown && page != got {
			p.warnf("%s: page says %d, export %s %d", what, page, verb, got)
		}
	}
	check("stated endorsers", a.StatedEndorsers, endorsers, "has")
	check("opposers", a.StatedOpposers, opposers, "has")
	check("profiled endorsers", a.ProfiledEndorsers, len(faces), "names")
	check("quotes by endorsers", a.QuotesByEndorsers, quotes, "has")
	check("people on the record", a.PeopleOnRecord, len(ds.People), "has")
	for _, e := range bot.Expertises {
		if n, ok := a.ExpertiseMix[e]; ok {
			check("expertise mix, "+e.MixLabel(), n, countFaces(faces, func(f GridFace) bool { return f.Expertise == e }), "places")
		}
	}
	for _, r := range bot.Recognitions {
		if n, ok := a.RecognitionMix[r]; ok {
			check("recognition mix, "+r.MixLabel(), n, countFaces(faces, func(f GridFace) bool { return f.Recognition == r }), "places")
		}
	}
	checkPage(p, a)
	reportUnattributed(p, a)
}

// checkPage compares the page's numbers with each other.
func checkPage(p *boardParser, a Aggregates) {
	pair := func(whatA string, va int, whatB string, vb int) {
		if va != NotShown && vb != NotShown && va != vb {
			p.warnf("page disagrees with itself: %s %d, %s %d", whatA, va, whatB, vb)
		}
	}
	pair("profiled endorsers", a.ProfiledEndorsers, "under the grid", a.GridProfiled)
	pair("on the board total", a.BoardTotal, "under the grid", a.GridBoardTotal)
	pair("profiled endorsers", a.ProfiledEndorsers, "expertise mix profiled", a.MixProfiled)
	pair("stated endorsers", a.StatedEndorsers, "expertise mix endorsers", a.MixEndorsers)
	pair("profiled endorsers", a.ProfiledEndorsers, "vintage mix profiled", a.VintageProfiled)
	if a.ExpertiseMix != nil {
		pair("profiled endorsers", a.ProfiledEndorsers, "expertise mix total", sum(a.ExpertiseMix))
	}
	if a.RecognitionMix != nil {
		pair("profiled endorsers", a.ProfiledEndorsers, "recognition mix total", sum(a.RecognitionMix))
	}
	if a.VintageMix != nil {
		pair("vintage mix n", a.VintageAssigned, "vintage mix total", sum(a.VintageMix))
	}
}

// reportUnattributed reports the page's vintage mix and p(doom), which
// say how many but not who: the export attributes them to no one.
func reportUnattributed(p *boardParser, a Aggregates) {
	if n := sum(a.VintageMix); n > 0 {
		var parts []string
		for _, v := range bot.Vintages {
			if c := a.VintageMix[v]; c > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", v.Label(), c))
			}
		}
		p.warnf("vintage mix: page says n=%d (%s); the export does not say whose, so no vintage was attributed", n, strings.Join(parts, ", "))
	}
	if d := a.PDoom; d != nil && d.N != 0 {
		desc := "mean " + formatNumber(d.Mean) + "%"
		if d.N != NotShown {
			desc = fmt.Sprintf("n=%d, %s", d.N, desc)
		}
		if d.Median != NotShown {
			desc += ", median " + formatNumber(d.Median) + "%"
		}
		p.warnf("endorser p(doom): page says %s; the export does not say whose, so no p(doom) was attributed", desc)
	}
}

func countFaces(faces []GridFace, match func(GridFace) bool) int {
	n := 0
	for _, f := range faces {
		if match(f) {
			n++
		}
	}
	return n
}

func sum[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func opposerWord(opposer bool) string {
	if opposer {
		return "an opposer"
	}
	return "an endorser"
}
