package seeds

import (
	"reflect"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

func TestParseSourceLine(t *testing.T) {
	tests := []struct {
		in   string
		want sourceLine
	}{
		{"blogAda Rose Cannon homepage· ada.is· 2024· loose paraphrase", sourceLine{
			Source: bot.Source{Type: "blog", Title: "Ada Rose Cannon homepage", Publisher: "ada.is", Date: bot.Date{Year: 2024}}, Fidelity: bot.FidelityLoose}},
		{"§ paperBART: Denoising· arXiv / Facebook AI· 2019-10· direct quote", sourceLine{
			Source: bot.Source{Type: "paper", Title: "BART: Denoising", Publisher: "arXiv / Facebook AI", Date: bot.Date{Year: 2019, Month: 10}}, Fidelity: bot.FidelityDirect}},
		{"articleA· B· C· 2024-07-23· Faithful Paraphrase", sourceLine{
			Source: bot.Source{Type: "article", Title: "A· B", Publisher: "C", Date: bot.Date{Year: 2024, Month: 7, Day: 23}}, Fidelity: bot.FidelityFaithful}},
		{"newsletterInterconnects· 2024· loose paraphrase", sourceLine{
			Source: bot.Source{Type: "newsletter", Title: "Interconnects", Date: bot.Date{Year: 2024}}, Fidelity: bot.FidelityLoose}},
		{"tweetOn it· X· loose paraphrase", sourceLine{
			Source: bot.Source{Type: "tweet", Title: "On it", Publisher: "X"}, Fidelity: bot.FidelityLoose, Problems: []string{"no date"}}},
		{"“Quoted title”· Pub· 2023-02-30· direct quote", sourceLine{
			Source: bot.Source{Title: "“Quoted title”", Publisher: "Pub"}, Fidelity: bot.FidelityDirect,
			Problems: []string{`unreadable date "2023-02-30"`, "no known source type"}}},
	}
	for _, tt := range tests {
		if !isSourceLine(tt.in) {
			t.Errorf("isSourceLine(%q) = false", tt.in)
			continue
		}
		if got := parseSourceLine(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseSourceLine(%q) =\n%+v\nwant\n%+v", tt.in, got, tt.want)
		}
	}
	for _, s := range []string{
		"Open models are a public good.",
		"a· b· opinion",
		"blogTitle· direct quote",
		"n=2 · median 25%",
	} {
		if isSourceLine(s) {
			t.Errorf("isSourceLine(%q) = true", s)
		}
	}
}
