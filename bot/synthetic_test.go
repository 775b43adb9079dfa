package bot

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// syntheticDataset makes people with generated names (a few share a
// surname) and strategies, no stances.
func syntheticDataset(people, strategies int) Dataset {
	rng := rand.New(rand.NewPCG(1, 2))
	syll := []string{"ka", "lo", "mi", "ren", "to", "sa", "vel", "an", "dre", "jo", "el", "ne", "ri", "mar", "us", "be", "ta", "chi"}
	word := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(syll[rng.IntN(len(syll))])
		}
		s := b.String()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	var ds Dataset
	for i := 0; i < strategies; i++ {
		ds.Strategies = append(ds.Strategies, Strategy{ID: fmt.Sprintf("strategy-%d", i), Name: fmt.Sprintf("Strategy %d %s", i, word(2))})
	}
	for i := 0; i < people; i++ {
		name := word(2+rng.IntN(2)) + " " + word(2+rng.IntN(3))
		p := Person{ID: fmt.Sprintf("%s-%d", Slug(name), i), Name: name, Recognition: Recognitions[rng.IntN(len(Recognitions))]}
		if i%3 == 0 {
			p.Aliases = []string{"@" + strings.ToLower(word(3))}
		}
		ds.People = append(ds.People, p)
	}
	return ds
}
