package main

import (
	"slices"
	"strings"
	"unicode"

	"github.com/stancebot/stancebot/bot"
)

// bestRecall is the recall@3 of a Bayes-optimal ranker on the workload's
// /quote words: the expected share of words whose source quote is among
// the three quotes most likely to have given them under the model
// makeBenchWork draws them from (a uniform quote of two content words or
// more; two to four of its content words in a random order; the first with
// a letter dropped a quarter of the time; the speaker's surname a tenth of
// the time). Ties are broken at random. No ranker can do better on
// average; paraphrases follow no model and have no such bound.
func bestRecall(ds bot.Dataset, w benchWork) float64 {
	stop := map[string]bool{}
	for _, s := range genStopWords {
		stop[s] = true
	}
	surname := make(map[string]string, len(ds.People))
	for _, p := range ds.People {
		f := strings.Fields(p.Name)
		surname[p.ID] = strings.ToLower(f[len(f)-1])
	}
	ids := map[string]int32{} // word -> id
	intern := func(s string) int32 {
		id, ok := ids[s]
		if !ok {
			id = int32(len(ids))
			ids[s] = id
		}
		return id
	}
	words := make([]string, 0, 1<<16) // id -> word
	content := make([][]int32, len(ds.Quotes))
	postings := map[int32][]int32{}
	byID := make(map[string]int32, len(ds.Quotes))
	for qi, q := range ds.Quotes {
		byID[q.ID] = int32(qi)
		for _, t := range strings.FieldsFunc(strings.ToLower(q.Text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(t) >= 3 && !stop[t] {
				id := intern(t)
				if int(id) == len(words) {
					words = append(words, t)
				}
				content[qi] = append(content[qi], id)
			}
		}
		if len(content[qi]) < 2 {
			continue
		}
		seen := map[int32]bool{}
		for _, id := range content[qi] {
			if !seen[id] {
				seen[id] = true
				postings[id] = append(postings[id], int32(qi))
			}
		}
	}
	lookup := func(s string) int32 {
		if id, ok := ids[s]; ok {
			return id
		}
		return -1
	}
	o := oracle{words: words}
	total := 0.0
	for i, query := range w.Quote {
		src, ok := byID[w.QuoteSource[i]]
		if !ok {
			continue
		}
		obs := strings.Fields(query)
		// Every hypothesis needs the second to the last-but-one word
		// (the last may be the surname) among the quote's words.
		need := obs[1:max(2, len(obs)-1)]
		var cands []int32
		for j, word := range need {
			id := lookup(word)
			if id < 0 {
				cands = nil
				break
			}
			if j == 0 {
				cands = slices.Clone(postings[id])
			} else {
				cands = intersect(cands, postings[id])
			}
		}
		ls := o.likelihood(obs, content[src], surname[ds.Quotes[src].PersonID], lookup)
		if ls == 0 {
			continue // the model cannot give these words (should not happen)
		}
		above, ties := 0, 0
		for _, c := range cands {
			l := o.likelihood(obs, content[c], surname[ds.Quotes[c].PersonID], lookup)
			switch {
			case l > ls*(1+1e-9):
				above++
			case l >= ls*(1-1e-9):
				ties++
			}
		}
		if above < 3 {
			total += min(1, float64(3-above)/float64(max(1, ties)))
		}
	}
	return total / float64(max(1, len(w.Quote)))
}

// oracle computes the model's likelihoods.
type oracle struct {
	words []string // word ids to words
}

// likelihood is P(the observed words | the quote with these content words
// and speaker's surname), up to a factor common to every quote.
func (o oracle) likelihood(obs []string, content []int32, surname string, lookup func(string) int32) float64 {
	m := len(content)
	if m < 2 {
		return 0
	}
	total := 0.0
	for _, withSurname := range []bool{false, true} {
		c, p := obs, 0.9
		if withSurname {
			if len(obs) < 3 || obs[len(obs)-1] != surname {
				continue
			}
			c, p = obs[:len(obs)-1], 0.1
		}
		k := len(c)
		var pk float64
		switch {
		case k < 2 || k > min(m, 4):
			continue
		case m >= 4, k == 2:
			pk = 1.0 / 3
			if m == 2 {
				pk = 1
			}
		default: // m == 3, k == 3
			pk = 2.0 / 3
		}
		// Ordered assignments of distinct positions to c[1:], then c[0].
		count := func(id int32, in []int32) int {
			n := 0
			for _, x := range in {
				if x == id {
					n++
				}
			}
			return n
		}
		var taken []int32 // the ids c[1:] takes, one per position
		ways := 1.0
		for _, w := range c[1:] {
			id := lookup(w)
			left := 0
			if id >= 0 {
				left = count(id, content) - count(id, taken)
			}
			if left <= 0 {
				ways = 0
				break
			}
			ways *= float64(left)
			taken = append(taken, id)
		}
		if ways == 0 {
			continue
		}
		first := 0.0
		for i, id := range content {
			if slices.Index(content, id) != i {
				continue // counted at its first occurrence
			}
			if left := count(id, content) - count(id, taken); left > 0 {
				first += float64(left) * typoChance(c[0], o.words[id])
			}
		}
		total += p * pk * ways * first / fallingFactorial(m, k)
	}
	return total
}

// typoChance is P(the user typed obs | the word was orig): three quarters
// of the time as it is, a quarter through typo (an inner letter dropped
// from a word of five letters or more).
func typoChance(obs, orig string) float64 {
	p := 0.0
	if obs == orig {
		p = 0.75
	}
	r := []rune(orig)
	if len(r) < 5 {
		if obs == orig {
			p += 0.25
		}
		return p
	}
	if len([]rune(obs)) != len(r)-1 {
		return p
	}
	n := 0
	for i := 1; i < len(r)-1; i++ {
		if string(r[:i])+string(r[i+1:]) == obs {
			n++
		}
	}
	return p + 0.25*float64(n)/float64(len(r)-2)
}

func fallingFactorial(m, k int) float64 {
	f := 1.0
	for i := 0; i < k; i++ {
		f *= float64(m - i)
	}
	return f
}

// intersect returns the ids in both sorted lists.
func intersect(a, b []int32) []int32 {
	out := a[:0]
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}
