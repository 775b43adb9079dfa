package discord

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/stancebot/stancebot/adapters/internal/card"
	"github.com/stancebot/stancebot/adapters/internal/gridpng"
	"github.com/stancebot/stancebot/adapters/internal/styled"
	"github.com/stancebot/stancebot/bot"
)

// message is one Discord message rendered from a bot.Reply. A reply that
// does not fit Discord's limits becomes several messages, never a truncated one.
type message struct {
	Content    string                       `json:"content,omitempty"`
	Embeds     []*discordgo.MessageEmbed    `json:"embeds,omitempty"`
	Components []discordgo.MessageComponent `json:"components,omitempty"`
	Ephemeral  bool                         `json:"ephemeral,omitempty"`
	// Image is a picture the message uploads and one of its embeds shows
	// (the tier grid); nil for none.
	Image *picture `json:"upload,omitempty"`
}

// picture is an uploaded PNG, shown by an embed as attachment://Name.
type picture struct {
	Name string `json:"filename"`
	PNG  []byte `json:"-"`
}

// files are the message's uploads, with fresh readers for each try of a call.
func (m message) files() []*discordgo.File {
	if m.Image == nil {
		return nil
	}
	return []*discordgo.File{{Name: m.Image.Name, ContentType: "image/png", Reader: bytes.NewReader(m.Image.PNG)}}
}

// attachments is what an edit keeps of the message's earlier uploads: none
// when it has no picture (a page without the grid clears the grid), and,
// when it has one, the field is left out so that the new upload is kept.
func (m message) attachments() *[]*discordgo.MessageAttachment {
	if m.Image != nil {
		return nil
	}
	return &[]*discordgo.MessageAttachment{}
}

// withoutImage is m without its picture, for the one answer that cannot
// upload: the first response of an HTTP interaction, a JSON body. The text
// grid stays.
func (m message) withoutImage() message {
	if m.Image == nil {
		return m
	}
	url := "attachment://" + m.Image.Name
	m.Image = nil
	embeds := make([]*discordgo.MessageEmbed, len(m.Embeds))
	for i, e := range m.Embeds {
		if e.Image != nil && e.Image.URL == url {
			c := *e
			c.Image = nil
			e = &c
		}
		embeds[i] = e
	}
	m.Embeds = embeds
	return m
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

// render turns a reply into Discord messages within Discord's limits: one
// message a page, list items keeping only their newest quote (or none) when all of
// them do not fit. It fails only when an action's command does not fit a
// custom_id.
func render(r bot.Reply) ([]message, error) {
	msgs, err := renderAll(r)
	if err != nil || len(msgs) == 1 {
		return msgs, err
	}
	for _, keep := range card.QuoteBudgets {
		fewer, err := renderAll(card.FewerQuotes(r, keep))
		if err != nil {
			return msgs, nil
		}
		if len(fewer) < len(msgs) {
			msgs = fewer
		}
		if len(msgs) == 1 {
			break
		}
	}
	return msgs, nil
}

// renderAll renders every part of a reply, in as many messages as it takes.
func renderAll(r bot.Reply) ([]message, error) {
	embeds, grid := replyEmbeds(r)
	msgs := packEmbeds(embeds)
	if err := attachGrid(grid, msgs); err != nil {
		return nil, err
	}
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

// gridShown is a card's tier grid and the embed that shows its picture.
type gridShown struct {
	grid  card.Grid
	title string
	embed *discordgo.MessageEmbed
}

// attachGrid draws the tier grid, shows it in its card's first embed and
// uploads it with the message that holds that embed.
func attachGrid(g *gridShown, msgs []message) error {
	if g == nil {
		return nil
	}
	png, err := gridpng.Draw(g.grid, g.title)
	if err != nil {
		return fmt.Errorf("draw the tier grid: %w", err)
	}
	for i := range msgs {
		for _, e := range msgs[i].Embeds {
			if e == g.embed {
				e.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + gridpng.FileName}
				msgs[i].Image = &picture{Name: gridpng.FileName, PNG: png}
				return nil
			}
		}
	}
	return nil
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
// listing them, a field each. grid is the first card's tier grid that has
// people, to be drawn; nil when there is none.
func replyEmbeds(r bot.Reply) (out []*discordgo.MessageEmbed, grid *gridShown) {
	isError := r.Error != ""
	for i := 0; i < len(r.Cards); i++ {
		c := r.Cards[i]
		var head *bot.Card
		if heading(c) && i+1 < len(r.Cards) && r.Cards[i+1].Item {
			head, i = &r.Cards[i], i+1 // the list's heading titles the list's embed
			c = r.Cards[i]
		}
		if !c.Item {
			es := cardEmbeds(c, isError)
			if g := c.Grid; g != nil && grid == nil && !card.GridOf(*g).Empty() {
				grid = &gridShown{grid: card.GridOf(*g), title: c.Title, embed: es[0]}
			}
			out = append(out, es...)
			continue
		}
		j := i
		for j < len(r.Cards) && r.Cards[j].Item {
			j++
		}
		out = append(out, itemEmbeds(head, r.Cards[i:j])...)
		i = j - 1
	}
	if page := card.PageLine(r); page != "" && len(out) > 0 {
		out = withFooter(out, page, colorCard)
	}
	return out, grid
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
	var badLink styled.Text
	if c.URL != "" && link == "" {
		badLink = styled.Plain.Of(c.URL)
	}
	l.describe(styled.Join("\n\n", l.fullTitle(), styled.Italic.Of(c.Subtitle), styled.Plain.Of(c.Text), badLink))
	for _, f := range c.Fields {
		if strings.TrimSpace(f.Value) != "" {
			l.field(f.Name, styled.Plain.Of(f.Value), f.Inline)
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

// itemEmbeds lists list-item cards in one embed, under their heading card
// when there is one, a field each: the name
// with the item's inline facts (its stance when the page is not filtered
// by it) in the field name; role, summary and quotes in the value.
func itemEmbeds(head *bot.Card, items []bot.Card) []*discordgo.MessageEmbed {
	l := newEmbedList("", "", colorCard)
	if head != nil {
		l = newEmbedList(head.Title, "", colorCard)
		l.describe(styled.Join("\n\n", l.fullTitle(), styled.Italic.Of(head.Subtitle)))
	}
	for _, c := range items {
		name := c.Title
		for _, f := range c.Fields {
			if strings.TrimSpace(f.Value) != "" {
				name += " · " + f.Value
			}
		}
		lines := []styled.Text{styled.Italic.Of(c.Subtitle), styled.Plain.Of(c.Text), styled.Plain.Of(c.URL)}
		for _, q := range c.Quotes {
			lines = append(lines, quoteValue(card.ItemQuote(q), c.Subtitle))
		}
		if c.Footer != "" {
			lines = append(lines, styled.Italic.Of(c.Footer))
		}
		l.field(name, styled.Join("\n", lines...), false)
	}
	return l.embeds()
}

// heading reports whether a card is only a title and a subtitle: the
// heading of the list that follows it.
func heading(c bot.Card) bool {
	return !c.Item && c.URL == "" && c.Text == "" && len(c.Fields) == 0 && c.Grid == nil && len(c.Quotes) == 0 && c.Footer == ""
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
func quoteValue(q card.Quote, cardSubtitle string) styled.Text {
	text := styled.Words(q.Words)
	if q.Quoted {
		text = append(append(styled.Plain.Of("“"), text...), styled.Run{Text: "”"})
	}
	var role styled.Text
	if q.Role != "" && q.Role != cardSubtitle {
		role = styled.Italic.Of(q.Role)
	}
	lines := []styled.Text{role, text, styled.Join(" · ", styled.Italic.Of(q.Fidelity), citation(q.Citation))}
	if q.Summary != "" {
		lines = append(lines, styled.Join(" ", styled.Bold.Of("Position:"), styled.Plain.Of(q.Summary)))
	}
	if q.Context != "" {
		lines = append(lines, styled.Join(" ", styled.Bold.Of("Context:"), styled.Plain.Of(q.Context)))
	}
	if q.Note != "" {
		lines = append(lines, styled.Join(" ", styled.Bold.Of("⚠ Note:"), styled.Plain.Of(q.Note)))
	}
	return styled.Join("\n", lines...)
}

// citation renders a quote's source parts: the title in italics, the URL
// as a link when Discord can show it as one.
func citation(parts []card.Part) styled.Text {
	var out []styled.Text
	for _, p := range parts {
		switch {
		case p.Kind == card.SourceTitle || p.Kind == card.NoSource:
			out = append(out, styled.Italic.Of(p.Text))
		case p.Kind == card.SourceURL && validURL(p.Text):
			out = append(out, styled.LinkTo(p.Text, p.Text))
		default:
			out = append(out, styled.Plain.Of(p.Text))
		}
	}
	return styled.Join(" · ", out...)
}

// gridFields renders the tier grid: one field per expertise row, one line
// per recognition column with the people in that cell.
func gridFields(l *embedList, tg *bot.TierGrid) {
	g := card.GridOf(*tg)
	for _, row := range g.Rows {
		var lines []styled.Text
		for c, cell := range row.Cells {
			if cell.Count() == 0 {
				continue
			}
			lines = append(lines, styled.Join(" ", styled.Bold.Of(g.Cols[c]+":"), styled.Plain.Of(cell.Text())))
		}
		if len(lines) > 0 {
			l.field("Grid: "+row.Label, styled.Join("\n", lines...), false)
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
func (l *embedList) fullTitle() styled.Text {
	if l.cutOff {
		return styled.Bold.Of(l.title)
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
func (l *embedList) describe(r styled.Text) {
	if r.Empty() {
		return
	}
	for _, p := range pieces(r, maxDescription) {
		e := l.cur()
		text := markdown(p)
		if e.Description != "" || len(e.Fields) > 0 || embedSize(e)+runes(text) > maxEmbedsTotal {
			e = l.next()
		}
		e.Description = text
	}
}

// field adds a field, split into continued fields when the value is long.
func (l *embedList) field(name string, value styled.Text, inline bool) {
	parts := pieces(value, maxFieldValue)
	if value.Empty() {
		parts = []styled.Text{styled.Plain.Of("—")}
	}
	for i, p := range parts {
		suffix := ""
		if i > 0 {
			suffix = " (cont.)"
		}
		fn, _ := fitEscaped(name, suffix, maxFieldName)
		f := &discordgo.MessageEmbedField{Name: fn, Value: markdown(p), Inline: inline && len(parts) == 1}
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
	n := styled.Fit(s, styled.Plain, max-1-runes(suffix), mdLen)
	return escape(s[:n]) + "…" + suffix, true
}

// buttonGroups lays actions out as buttons: rows of 5, groups of 5 rows
// (one group per message). An action running the same command as one
// before it is left out: Discord refuses a message with two components of
// one custom_id.
func buttonGroups(actions []bot.Action) ([][]discordgo.MessageComponent, error) {
	seen := map[string]bool{}
	var unique []bot.Action
	for _, a := range actions {
		if !seen[a.Command] {
			seen[a.Command] = true
			unique = append(unique, a)
		}
	}
	actions = unique
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
	l.describe(styled.Plain.Of(footer))
	return append(embeds, l.embeds()...)
}

// footerSize is what an embed's footer counts against its message's limit.
func footerSize(e *discordgo.MessageEmbed) int {
	if e.Footer == nil {
		return 0
	}
	return runes(e.Footer.Text)
}
