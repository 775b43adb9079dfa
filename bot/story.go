package bot

import (
	"context"
	"fmt"
	"strings"
)

// storiesPerPage is how many stories one page of /story lists.
const storiesPerPage = 10

func (b *Bot) storyCommand() Command {
	return Command{
		Name:        "story",
		Description: "The stored discussion threads: the list, or one with its post, overview and replies",
		Options: []Option{
			{Name: "story", Description: "The story: its id or words of its headline (none: the list)",
				Positional: true, Rest: true, MaxLength: maxNameOption},
			pageOption(),
		},
		Examples: []string{"/story", "/story thomas wolf"},
		Run:      b.runStory,
	}
}

// runStory answers /story: the list of stories, or one story.
func (b *Bot) runStory(ctx context.Context, req Request) (Reply, error) {
	stories, err := b.opts.Store.Stories(ctx)
	if err != nil {
		return Reply{}, fmt.Errorf("story: %w", err)
	}
	if name := req.Option("story"); name != "" {
		s, err := findStory(stories, name)
		if err != nil {
			return Reply{}, err
		}
		return b.storyReply(ctx, s)
	}
	return b.storyList(ctx, stories, req)
}

// findStory finds a story by its id, the start of its id, or words of its
// headline: exactly one must match.
func findStory(stories []Story, name string) (Story, error) {
	key := Slug(name)
	var matches []Story
	for _, s := range stories {
		if s.ID == key {
			return s, nil
		}
		if strings.HasPrefix(s.ID, key) || hasWords(Slug(s.Headline), key) {
			matches = append(matches, s)
		}
	}
	switch {
	case len(matches) == 1:
		return matches[0], nil
	case len(matches) > 1:
		var ids []string
		for _, s := range matches[:min(len(matches), maxAmbiguous)] {
			ids = append(ids, s.ID)
		}
		return Story{}, ambiguousName("stories", name, ids)
	}
	hint := "/story lists them"
	if len(stories) == 0 {
		hint = "no story is on record"
	}
	return Story{}, notFound("story", name, nil, hint)
}

// hasWords reports whether every word of the slug words is a word of the
// slug text.
func hasWords(text, words string) bool {
	have := map[string]bool{}
	for _, w := range strings.Split(text, "-") {
		have[w] = true
	}
	for _, w := range strings.Split(words, "-") {
		if !have[w] {
			return false
		}
	}
	return words != ""
}

// storyList is the list card: each story's headline, who posted it, how
// many replies, and the command that shows it.
func (b *Bot) storyList(ctx context.Context, stories []Story, req Request) (Reply, error) {
	pg, err := newPager(req.Option("page"), len(stories), storiesPerPage)
	if err != nil {
		return Reply{}, err
	}
	card := Card{Title: fmt.Sprintf("Stories (%d)", len(stories))}
	if len(stories) == 0 {
		card.Text = "No story is on record. Stories come from exported discussion threads (stancebot import thread)."
		return Reply{Visibility: Public, Cards: []Card{card}}, nil
	}
	if pg.pages > 1 {
		card.Subtitle = pg.rangeText()
	}
	lo, hi := pg.bounds()
	posts, err := b.storyPosts(ctx, stories[lo:hi])
	if err != nil {
		return Reply{}, err
	}
	for _, s := range stories[lo:hi] {
		by := "post not on record"
		if v, ok := posts[s.QuoteID]; ok {
			by = "post by " + v.Person.Name
		}
		card.Fields = append(card.Fields, Field{Name: s.Headline,
			Value: fmt.Sprintf("%s · %s\n/story %s", by, plural(len(s.Replies), "reply", "replies"), s.ID)})
	}
	card.Footer = "Type /story <id> for one story: its post, overview and replies."
	reply := Reply{Visibility: Public, Cards: []Card{card}}
	pg.apply(&reply, "/story", req.ActionRoom)
	return reply, nil
}

// storyReply is one story: its headline with the post as its quote card,
// the overview's sections under their headings, and the replies as the
// export shows them (the handles they are addressed to, then their text).
func (b *Bot) storyReply(ctx context.Context, s Story) (Reply, error) {
	posts, err := b.storyPosts(ctx, []Story{s})
	if err != nil {
		return Reply{}, err
	}
	head := Card{Title: s.Headline, Subtitle: "Story · " + plural(len(s.Replies), "reply", "replies")}
	if v, ok := posts[s.QuoteID]; ok {
		head.Quotes = []QuoteBlock{QuoteViewBlock(v)}
	} else {
		head.Text = "The post this story grew from is not on record."
	}
	cards := []Card{head}
	if len(s.Sections) > 0 {
		overview := Card{Title: "Overview", Footer: "The overview is the export's summary of the thread, not anyone's words."}
		for _, sec := range s.Sections {
			if sec.Heading == "" {
				overview.Text = strings.TrimSpace(overview.Text + "\n\n" + sec.Text)
				continue
			}
			overview.Fields = append(overview.Fields, Field{Name: sec.Heading, Value: sec.Text})
		}
		cards = append(cards, overview)
	}
	if len(s.Replies) > 0 {
		var texts []string
		for _, r := range s.Replies {
			t := strings.TrimSpace(strings.Join(r.To, " ") + " " + r.Text)
			if r.QuotesPost {
				t += "\n(quoting the post)"
			}
			texts = append(texts, t)
		}
		cards = append(cards, Card{Title: fmt.Sprintf("Replies (%d)", len(s.Replies)), Text: strings.Join(texts, "\n\n"),
			Footer: "Replies are shown as the export has them; the export does not say who wrote them."})
	}
	return Reply{Visibility: Public, Cards: cards}, nil
}

// storyPosts reads the posts of stories (quotes), by quote id.
func (b *Bot) storyPosts(ctx context.Context, stories []Story) (map[string]QuoteView, error) {
	ids := make([]string, 0, len(stories))
	for _, s := range stories {
		ids = append(ids, s.QuoteID)
	}
	views, err := b.opts.Store.QuoteViews(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("story posts: %w", err)
	}
	out := make(map[string]QuoteView, len(views))
	for _, v := range views {
		out[v.Quote.ID] = v
	}
	return out, nil
}

// storyActions are the buttons that open the stories whose posts are among
// blocks: a quote card that is a story's post links to the story (the
// stories of cat, the catalog the command read). Buttons longer than room
// bytes (Request.ActionRoom) are left out.
func (b *Bot) storyActions(ctx context.Context, cat *catalogSnapshot, blocks []QuoteBlock, room int) ([]Action, error) {
	storyOf, err := b.storyPostsOf(ctx, cat)
	if err != nil {
		return nil, err
	}
	var out []Action
	seen := map[string]bool{}
	for _, qb := range blocks {
		for _, id := range storyOf[qb.QuoteID] {
			if !seen[id] {
				seen[id] = true
				out = append(out, fittingAction("the story", "/story "+id, room)...)
			}
		}
	}
	return out, nil
}

// storyPostsOf maps each story's post (a quote id) to the stories it is the
// post of, in the store's order, read once per catalog version: a quote
// card asks for every answer.
func (b *Bot) storyPostsOf(ctx context.Context, cat *catalogSnapshot) (map[string][]string, error) {
	cat.storiesMu.Lock()
	defer cat.storiesMu.Unlock()
	if cat.storyOf != nil {
		return cat.storyOf, nil
	}
	stories, err := b.opts.Store.Stories(ctx)
	if err != nil {
		return nil, fmt.Errorf("story links: %w", err)
	}
	storyOf := make(map[string][]string, len(stories))
	for _, s := range stories {
		storyOf[s.QuoteID] = append(storyOf[s.QuoteID], s.ID)
	}
	cat.storyOf = storyOf
	return storyOf, nil
}
