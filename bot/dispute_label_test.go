package bot

import "testing"

func TestDisputeLabels(t *testing.T) {
	b := &Bot{opts: Options{Community: nopCommunity{}}}
	q := func(id, speaker, typ string, year int) QuoteBlock {
		return QuoteBlock{QuoteID: id, Speaker: speaker, Source: Source{Type: typ, Date: Date{Year: year}}}
	}
	r := b.withDisputes(Reply{Cards: []Card{{Quotes: []QuoteBlock{
		q("q1", "Emad Mostaque", "tweet", 2023),
		q("q2", "Emad Mostaque", "interview", 2024),
		q("q3", "Emad Mostaque", "tweet", 2023),
		q("q4", "Ada", "", 0),
		q("q1", "Emad Mostaque", "tweet", 2023), // shown twice, one button
	}}}}, 0)
	want := []string{"Dispute Emad Mostaque's 2023 tweet", "Dispute Emad Mostaque's 2024 interview",
		"Dispute Emad Mostaque's 2023 tweet (2)", "Dispute Ada's quote"}
	if len(r.Actions) != len(want) {
		t.Fatalf("actions %+v, want labels %q", r.Actions, want)
	}
	for i, a := range r.Actions {
		if a.Label != want[i] {
			t.Errorf("button %d: %q, want %q", i, a.Label, want[i])
		}
	}
}

// nopCommunity is a Community for tests that only need one to be set.
type nopCommunity struct{ Community }
