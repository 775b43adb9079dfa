package discord

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"
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
	var embeds []*discordgo.MessageEmbed
	for _, c := range r.Cards {
		embeds = append(embeds, cardEmbeds(c, r.Error != "")...)
	}
	msgs := packEmbeds(embeds)
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
	if r.Pages > 1 {
		page := fmt.Sprintf("Page %d of %d", r.Page, r.Pages)
		if len(msgs) == 0 {
			msgs = append(msgs, message{})
		}
		msgs[len(msgs)-1].Content = page
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
		l.field(f.Name, plain(f.Value), f.Inline)
	}
	if c.Grid != nil {
		gridFields(l, c.Grid)
	}
	for _, q := range c.Quotes {
		quoteField(l, q, c.Subtitle)
	}
	out := l.embeds()
	if c.Footer != "" {
		out = withFooter(out, c.Footer, color)
	}
	return out
}

// withFooter sets the footer on the last embed, or adds an embed holding it
// when it does not fit there.
func withFooter(embeds []*discordgo.MessageEmbed, footer string, color int) []*discordgo.MessageEmbed {
	last := embeds[len(embeds)-1]
	if runes(footer) <= maxFooter && embedSize(last)+runes(footer) <= maxEmbedsTotal {
		last.Footer = &discordgo.MessageEmbedFooter{Text: footer}
		return embeds
	}
	l := newEmbedList("", "", color)
	l.describe(plain(footer))
	return append(embeds, l.embeds()...)
}

// quoteField renders a quote card as a field: who, their stance, the words
// (in quotation marks only when they are a direct quote), the fidelity and
// the full citation. The role is left out when the card already shows it.
func quoteField(l *embedList, q bot.QuoteBlock, cardSubtitle string) {
	name := q.Speaker
	if q.Stance != "" {
		name += " · " + string(q.Stance)
	}
	if q.Strategy != "" {
		name += " · " + q.Strategy
	}
	text := highlighted(q.Text, q.Highlights)
	if q.Fidelity.IsDirect() {
		text = append(append(plain("“"), text...), seg{text: "”"})
	}
	fidelity := string(q.Fidelity)
	if fidelity == "" {
		fidelity = "fidelity not recorded"
	}
	var role rich
	if q.Role != "" && q.Role != cardSubtitle {
		role = italic(q.Role)
	}
	lines := []rich{role, text, join(" · ", italic(fidelity), citation(q.Source))}
	if q.Summary != "" {
		lines = append(lines, join(" ", bold("Position:"), plain(q.Summary)))
	}
	if q.Context != "" {
		lines = append(lines, join(" ", bold("Context:"), plain(q.Context)))
	}
	if q.Note != "" {
		lines = append(lines, join(" ", bold("⚠ Note:"), plain(q.Note)))
	}
	l.field(name, join("\n", lines...), false)
}

// citation is a quote's full source: type, title, publisher, date and link.
func citation(s bot.Source) rich {
	var link rich
	switch {
	case validURL(s.URL):
		link = raw("<" + s.URL + ">")
	case s.URL != "":
		link = plain(s.URL)
	}
	c := join(" · ", plain(s.Type), italic(s.Title), plain(s.Publisher), plain(s.Date.String()), link)
	if c.empty() {
		return italic("source not recorded")
	}
	return c
}

// gridFields renders the tier grid: one field per expertise row, one line
// per recognition column with the people in that cell.
func gridFields(l *embedList, g *bot.TierGrid) {
	for r, row := range g.Rows {
		if r >= len(g.Cells) {
			break
		}
		var lines []rich
		for c, col := range g.Cols {
			if c >= len(g.Cells[r]) || len(g.Cells[r][c]) == 0 {
				continue
			}
			var names []rich
			for _, f := range g.Cells[r][c] {
				n := plain(f.Name)
				if f.Opposer {
					n = append(n, seg{text: " (opposes)"})
				}
				names = append(names, n)
			}
			lines = append(lines, append(bold(label(col.Label(), "Unknown recognition")+":"),
				append(rich{{text: " "}}, join(", ", names...)...)...))
		}
		if len(lines) > 0 {
			l.field("Grid: "+label(row.Label(), "Unknown expertise"), join("\n", lines...), false)
		}
	}
}

func label(s, unknown string) string {
	if s == "" {
		return unknown
	}
	return s
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
