package discord

import (
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/internal/card"
	"github.com/stancebot/stancebot/bot"
)

// message is one Discord message rendered from a bot.Reply. A reply that
// does not fit Discord's limits becomes several messages, never a truncated one.
type message struct {
	Content    string                       `json:"content,omitempty"`
	Embeds     []*discordgo.MessageEmbed    `json:"embeds,omitempty"`
	Components []discordgo.MessageComponent `json:"components,omitempty"`
	Ephemeral  bool                         `json:"ephemeral,omitempty"`
}

// flags returns the message flags of m.
func (m message) flags() discordgo.MessageFlags {
	if m.Ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// noMentions keeps every message from pinging anyone, whatever the data says.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// Embed colours.
const (
	colorCard  = 0x5865F2
	colorError = 0xED4245
)

// render turns a reply into Discord messages within Discord's limits. It
// fails only when an action's command does not fit a custom_id.
func render(r bot.Reply) ([]message, error) {
	msgs := packEmbeds(replyEmbeds(r))
	groups, err := buttonGroups(r.Actions)
	if err != nil {
		return nil, err
	}
	for i, g := range groups {
		if i == 0 && len(msgs) > 0 {
			msgs[len(msgs)-1].Components = g
			continue
		}
		msgs = append(msgs, message{Content: "More actions:", Components: g})
	}
	if len(msgs) == 0 {
		msgs = append(msgs, message{Content: "Nothing to show."})
	}
	for i := range msgs {
		msgs[i].Ephemeral = r.Visibility == bot.Ephemeral
	}
	return msgs, nil
}

// packEmbeds puts embeds into as few messages as Discord allows.
func packEmbeds(embeds []*discordgo.MessageEmbed) []message {
	var msgs []message
	size := 0
	for _, e := range embeds {
		n := embedSize(e)
		if len(msgs) == 0 || len(msgs[len(msgs)-1].Embeds) == maxEmbeds || size+n > maxEmbedsTotal {
			msgs = append(msgs, message{})
			size = 0
		}
		m := &msgs[len(msgs)-1]
		m.Embeds = append(m.Embeds, e)
		size += n
	}
	return msgs
}

// replyEmbeds renders the reply's cards as embeds: one per card, except that
// a run of list items (the people of a /whoendorses page) is one embed
// listing them, a field each.
func replyEmbeds(r bot.Reply) []*discordgo.MessageEmbed {
	var out []*discordgo.MessageEmbed
	isError := r.Error != ""
	for i := 0; i < len(r.Cards); i++ {
		c := r.Cards[i]
		if !c.Item {
			out = append(out, cardEmbeds(c, isError)...)
			continue
		}
		j := i
		for j < len(r.Cards) && r.Cards[j].Item {
			j++
		}
		out = append(out, itemEmbeds(r.Cards[i:j])...)
		i = j - 1
	}
	if page := card.PageLine(r); page != "" && len(out) > 0 {
		out = withFooter(out, page, colorCard)
	}
	return out
}

// cardEmbeds renders one card as an embed (continued in more embeds only
// when it exceeds an embed's limits): title, subtitle and text, fields, the
// tier grid, then one field per quote, and the footer.
func cardEmbeds(c bot.Card, isError bool) []*discordgo.MessageEmbed {
	color := colorCard
	if isError {
		color = colorError
	}
	link := ""
	if validURL(c.URL) {
		link = c.URL
	}
	l := newEmbedList(c.Title, link, color)
	var badLink rich
	if c.URL != "" && link == "" {
		badLink = plain(c.URL)
	}
	l.describe(join("\n\n", l.fullTitle(), italic(c.Subtitle), plain(c.Text), badLink))
	for _, f := range c.Fields {
		if strings.TrimSpace(f.Value) != "" {
			l.field(f.Name, plain(f.Value), f.Inline)
		}
	}
	if c.Grid != nil {
		gridFields(l, c.Grid)
	}
	for _, q := range c.Quotes {
		l.field(quoteName(q), quoteValue(card.QuoteOf(q), c.Subtitle), false)
	}
	out := l.embeds()
	if c.Footer != "" {
		out = withFooter(out, c.Footer, color)
	}
	return out
}

// itemEmbeds lists list-item cards in one embed, a field each: the name
// with the item's inline facts (its stance when the page is not filtered
// by it) in the field name; role, summary and quotes in the value.
func itemEmbeds(items []bot.Card) []*discordgo.MessageEmbed {
	l := newEmbedList("", "", colorCard)
	for _, c := range items {
		name := c.Title
		var facts []rich
		for _, f := range c.Fields {
			if strings.TrimSpace(f.Value) != "" {
				facts = append(facts, plain(f.Value))
				name += " · " + f.Value
			}
		}
		lines := []rich{italic(c.Subtitle), plain(c.Text), plain(c.URL)}
		for _, q := range c.Quotes {
			lines = append(lines, quoteValue(card.QuoteOf(q), c.Subtitle))
		}
		if c.Footer != "" {
			lines = append(lines, italic(c.Footer))
		}
		l.field(name, join("\n", lines...), false)
	}
	return l.embeds()
}

// quoteName is a quote field's name: who, their stance, the strategy.
func quoteName(q bot.QuoteBlock) string {
	name := q.Speaker
	if q.Stance != "" {
		name += " · " + card.StanceLabel(q.Stance)
	}
	if q.Strategy != "" {
		name += " · " + q.Strategy
	}
	return name
}

// quoteValue renders a quote card: the words (in quotation marks only when
// they are a direct quote), the fidelity and the full citation, the
// stance's summary, context and note. The role is left out when the card
// already shows it.
func quoteValue(q card.Quote, cardSubtitle string) rich {
	text := words(q.Words)
	if q.Quoted {
		text = append(append(plain("“"), text...), seg{text: "”"})
	}
	var role rich
	if q.Role != "" && q.Role != cardSubtitle {
		role = italic(q.Role)
	}
	lines := []rich{role, text, join(" · ", italic(q.Fidelity), citation(q.Citation))}
	if q.Summary != "" {
		lines = append(lines, join(" ", bold("Position:"), plain(q.Summary)))
	}
	if q.Context != "" {
		lines = append(lines, join(" ", bold("Context:"), plain(q.Context)))
	}
	if q.Note != "" {
		lines = append(lines, join(" ", bold("⚠ Note:"), plain(q.Note)))
	}
	return join("\n", lines...)
}

// citation renders a quote's source parts: the title in italics, the URL
// as a link when Discord can show it as one.
func citation(parts []card.Part) rich {
	var out []rich
	for _, p := range parts {
		switch {
		case p.Kind == card.SourceTitle || p.Kind == card.NoSource:
			out = append(out, italic(p.Text))
		case p.Kind == card.SourceURL && validURL(p.Text):
			out = append(out, raw("<"+p.Text+">"))
		default:
			out = append(out, plain(p.Text))
		}
	}
	return join(" · ", out...)
}

// gridFields renders the tier grid: one field per expertise row, one line
// per recognition column with the people in that cell.
func gridFields(l *embedList, tg *bot.TierGrid) {
	g := card.GridOf(*tg)
	for _, row := range g.Rows {
		var lines []rich
		for c, cell := range row.Cells {
			if cell.Count() == 0 {
				continue
			}
			lines = append(lines, join(" ", bold(g.Cols[c]+":"), plain(cell.Text())))
		}
		if len(lines) > 0 {
			l.field("Grid: "+row.Label, join("\n", lines...), false)
		}
	}
}

// validURL reports whether s can be an embed or autolinked URL.
func validURL(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t\n<>") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// embedList builds the embeds of one card, starting a continuation embed
// whenever a part would break a per-embed limit.
type embedList struct {
	title  string
	color  int
	cutOff bool // the title was shortened: the full title opens the description
	list   []*discordgo.MessageEmbed
}

func newEmbedList(title, url string, color int) *embedList {
	l := &embedList{title: title, color: color}
	first := &discordgo.MessageEmbed{URL: url, Color: color}
	first.Title, l.cutOff = fitEscaped(title, "", maxTitle)
	l.list = []*discordgo.MessageEmbed{first}
	return l
}

// fullTitle is the whole title in bold when the embed title had to be shortened.
func (l *embedList) fullTitle() rich {
	if l.cutOff {
		return bold(l.title)
	}
	return nil
}

func (l *embedList) cur() *discordgo.MessageEmbed { return l.list[len(l.list)-1] }

// next starts a continuation embed.
func (l *embedList) next() *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Color: l.color}
	if l.title != "" {
		e.Title, _ = fitEscaped(l.title, " (cont.)", maxTitle)
	}
	l.list = append(l.list, e)
	return e
}

// describe sets the description, continuing in further embeds when it is long.
func (l *embedList) describe(r rich) {
	if r.empty() {
		return
	}
	for _, p := range r.split(maxDescription) {
		e := l.cur()
		text := p.markdown()
		if e.Description != "" || len(e.Fields) > 0 || embedSize(e)+runes(text) > maxEmbedsTotal {
			e = l.next()
		}
		e.Description = text
	}
}

// field adds a field, split into continued fields when the value is long.
func (l *embedList) field(name string, value rich, inline bool) {
	parts := value.split(maxFieldValue)
	if value.empty() {
		parts = []rich{plain("—")}
	}
	for i, p := range parts {
		suffix := ""
		if i > 0 {
			suffix = " (cont.)"
		}
		fn, _ := fitEscaped(name, suffix, maxFieldName)
		f := &discordgo.MessageEmbedField{Name: fn, Value: p.markdown(), Inline: inline && len(parts) == 1}
		e := l.cur()
		if len(e.Fields) >= maxFields || embedSize(e)+runes(f.Name)+runes(f.Value) > maxEmbedsTotal {
			e = l.next()
		}
		e.Fields = append(e.Fields, f)
	}
}

// embeds returns the built embeds.
func (l *embedList) embeds() []*discordgo.MessageEmbed { return l.list }

// fitEscaped escapes s plus suffix within max characters, shortening s
// with an ellipsis when needed; it reports whether s was shortened.
func fitEscaped(s, suffix string, max int) (string, bool) {
	if e := escape(s) + suffix; runes(e) <= max {
		return e, false
	}
	n := fitPrefix(stylePlain, s, max-1-runes(suffix))
	return escape(s[:n]) + "…" + suffix, true
}

// buttonGroups lays actions out as buttons: rows of 5, groups of 5 rows
// (one group per message).
func buttonGroups(actions []bot.Action) ([][]discordgo.MessageComponent, error) {
	var groups [][]discordgo.MessageComponent
	perGroup := maxRows * maxButtonsPerRow
	for start := 0; start < len(actions); start += perGroup {
		end := min(start+perGroup, len(actions))
		var rows []discordgo.MessageComponent
		for r := start; r < end; r += maxButtonsPerRow {
			var row discordgo.ActionsRow
			for _, a := range actions[r:min(r+maxButtonsPerRow, end)] {
				id, err := encodeCustomID(a.Command)
				if err != nil {
					return nil, err
				}
				lbl := a.Label
				if strings.TrimSpace(lbl) == "" {
					lbl = a.Command
				}
				row.Components = append(row.Components, discordgo.Button{
					Label: bot.Clip(lbl, maxLabel), Style: discordgo.SecondaryButton, CustomID: id,
				})
			}
			rows = append(rows, row)
		}
		groups = append(groups, rows)
	}
	return groups, nil
}

// withFooter adds footer to the last embed's footer, or adds an embed
// holding it when it does not fit there.
func withFooter(embeds []*discordgo.MessageEmbed, footer string, color int) []*discordgo.MessageEmbed {
	last := embeds[len(embeds)-1]
	text := footer
	if last.Footer != nil {
		text = last.Footer.Text + " · " + footer
	}
	if runes(text) <= maxFooter && embedSize(last)-footerSize(last)+runes(text) <= maxEmbedsTotal {
		last.Footer = &discordgo.MessageEmbedFooter{Text: text}
		return embeds
	}
	l := newEmbedList("", "", color)
	l.describe(plain(footer))
	return append(embeds, l.embeds()...)
}

// footerSize is what an embed's footer counts against its message's limit.
func footerSize(e *discordgo.MessageEmbed) int {
	if e.Footer == nil {
		return 0
	}
	return runes(e.Footer.Text)
}
