package slack

import (
	"slices"
	"strconv"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/adapters/internal/card"
	"github.com/stancebot/stancebot/adapters/internal/styled"
	"github.com/stancebot/stancebot/bot"
)

// actionPrefix starts the action_id of every button the adapter renders;
// the button's value is the Action.Command it runs.
const actionPrefix = "stancebot:"

// withAsker tags the message's buttons with the user who asked
// ("stancebot:0:U123"), so that a click by anyone else answers them alone
// instead of changing the asker's card.
func withAsker(m message, userID string) message {
	if userID == "" {
		return m
	}
	blocks := make([]slackapi.Block, len(m.Blocks))
	for i, b := range m.Blocks {
		ab, ok := b.(*slackapi.ActionBlock)
		if !ok {
			blocks[i] = b
			continue
		}
		els := make([]slackapi.BlockElement, len(ab.Elements.ElementSet))
		for k, e := range ab.Elements.ElementSet {
			if btn, ok := e.(*slackapi.ButtonBlockElement); ok && strings.HasPrefix(btn.ActionID, actionPrefix) {
				tagged := *btn
				tagged.ActionID += ":" + userID
				e = &tagged
			}
			els[k] = e
		}
		blocks[i] = slackapi.NewActionBlock(ab.BlockID, els...)
	}
	m.Blocks = blocks
	return m
}

// askerOf is the user a button of ours was tagged with by withAsker, "" when none.
func askerOf(actionID string) string {
	_, asker, _ := strings.Cut(strings.TrimPrefix(actionID, actionPrefix), ":")
	return asker
}

// message is one Slack message: its blocks and the plain-text fallback Slack
// shows in notifications and where blocks cannot be shown.
type message struct {
	Text   string           `json:"text"`
	Blocks []slackapi.Block `json:"blocks"`
	cards  []int            // the indexes of the cards it shows, in Reply.Cards
	// grid is the tier grid of a card the message shows, which delivery
	// uploads as a picture into the message's thread; nil for none.
	grid *gridPicture
}

// gridPicture is a card's tier grid, to be drawn and uploaded.
type gridPicture struct {
	grid  card.Grid
	title string // the card's title
}

// item is one block of a rendered reply, with its size and the card it belongs to.
type item struct {
	block slackapi.Block
	chars int
	card  int // index into Reply.Cards; -1 for the reply's own blocks
}

// render turns a reply into one or more messages within Slack's limits:
// one message a page, list items keeping only their newest quote (or none) when all
// of them do not fit. Nothing is truncated silently: what still does not
// fit one message goes to the next.
func render(r bot.Reply) []message {
	msgs := renderAll(r)
	for _, keep := range card.QuoteBudgets {
		if len(msgs) == 1 {
			break
		}
		if fewer := renderAll(card.FewerQuotes(r, keep)); len(fewer) < len(msgs) {
			msgs = fewer
		}
	}
	return msgs
}

// renderAll renders every part of a reply, in as many messages as it takes.
func renderAll(r bot.Reply) []message {
	var items []item
	for i, c := range r.Cards {
		if i > 0 && !c.Item {
			items = append(items, item{block: slackapi.NewDividerBlock(), card: i})
		}
		render := cardItems
		if c.Item {
			render = listItem
		}
		for _, it := range render(c) {
			it.card = i
			items = append(items, it)
		}
	}
	tail := tailItems(r)
	if len(items) == 0 && len(tail) == 0 {
		items = sectionItems([]para{{text: styled.Plain.Of("Nothing to show.")}})
		for i := range items {
			items[i].card = -1
		}
	}
	msgs := pack(items, tail, r.Cards)
	for i, c := range r.Cards {
		if c.Grid == nil || c.Item {
			continue
		}
		if g := card.GridOf(*c.Grid); !g.Empty() {
			msgs[holding(msgs, i)].grid = &gridPicture{grid: g, title: c.Title}
		}
		break
	}
	return msgs
}

// holding is the index of the first message showing card i.
func holding(msgs []message, i int) int {
	for k, m := range msgs {
		if slices.Contains(m.cards, i) {
			return k
		}
	}
	return 0
}

// pack distributes the items over messages; the tail (page line and
// buttons) goes at the end of the last one.
func pack(items, tail []item, cards []bot.Card) []message {
	reserve, tailChars := len(tail), 0
	for _, t := range tail {
		tailChars += t.chars
	}
	var groups [][]item
	var cur []item
	chars := 0
	for _, it := range items {
		if _, isDivider := it.block.(*slackapi.DividerBlock); isDivider && len(cur) == 0 {
			continue
		}
		if len(cur) > 0 && (len(cur)+1+reserve > maxBlocks || chars+it.chars+tailChars > maxMessageChars) {
			groups = append(groups, cur)
			cur, chars = nil, 0
			if _, isDivider := it.block.(*slackapi.DividerBlock); isDivider {
				continue
			}
		}
		cur = append(cur, it)
		chars += it.chars
	}
	cur = append(cur, tail...)
	groups = append(groups, cur)

	msgs := make([]message, 0, len(groups))
	started := map[int]bool{}
	for _, g := range groups {
		m := message{Text: fallback(g, cards, started)}
		for _, it := range g {
			m.Blocks = append(m.Blocks, it.block)
			if it.card >= 0 && !slices.Contains(m.cards, it.card) {
				m.cards = append(m.cards, it.card)
			}
		}
		msgs = append(msgs, m)
	}
	return msgs
}

// fallback is the plain-text version of a message: the titles of the cards
// it shows, marked when a card continues from the previous message.
func fallback(g []item, cards []bot.Card, started map[int]bool) string {
	var parts []string
	seen := map[int]bool{}
	for _, it := range g {
		if it.card < 0 || seen[it.card] {
			continue
		}
		seen[it.card] = true
		title := bot.OneLine(cards[it.card].Title)
		if started[it.card] {
			title = "(continued) " + title
		}
		started[it.card] = true
		parts = append(parts, title)
	}
	if len(parts) == 0 {
		parts = append(parts, "stancebot")
	}
	return escape(bot.Clip(strings.Join(parts, " · "), maxFallbackText))
}

// cardItems renders one card: header, subtitle and link, text, fields, tier
// grid, quote cards and footer.
func cardItems(c bot.Card) []item {
	var out []item
	title := bot.OneLine(c.Title)
	switch t := escape(title); {
	case strings.TrimSpace(title) == "":
		// No header: Slack refuses one without text (invalid_blocks).
	case runeLen(t) <= maxHeaderText:
		out = append(out, item{block: slackapi.NewHeaderBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, t, false, false)), chars: runeLen(t)})
	default:
		out = append(out, sectionItems([]para{{text: styled.Bold.Of(title)}})...)
	}
	var sub styled.Text
	if c.Subtitle != "" {
		sub = append(sub, styled.Run{Text: c.Subtitle})
	}
	if c.URL != "" {
		if len(sub) > 0 {
			sub = append(sub, styled.Run{Text: " · "})
		}
		sub = append(sub, styled.Run{Text: c.URL, Style: styled.Link, URL: c.URL})
	}
	if len(sub) > 0 {
		out = append(out, contextItems(para{text: sub})...)
	}
	if c.Text != "" {
		out = append(out, sectionItems([]para{{text: styled.Plain.Of(c.Text)}})...)
	}
	out = append(out, fieldItems(c.Fields)...)
	if c.Grid != nil {
		out = append(out, sectionItems(gridParas(c.Grid))...)
	}
	for _, q := range c.Quotes {
		out = append(out, richItems(quoteParas(card.QuoteOf(q), true))...)
	}
	if c.Footer != "" {
		out = append(out, contextItems(para{text: styled.Plain.Of(c.Footer)})...)
	}
	return out
}

// sectionItems packs paragraphs into as few mrkdwn sections as fit the
// section text limit, one paragraph per line, splitting paragraphs that are
// too long.
func sectionItems(paras []para) []item {
	var out []item
	for _, g := range packParas(paras) {
		out = append(out, item{block: mrkdwnSection(g.text), chars: g.chars})
	}
	return out
}

// richItems packs paragraphs into as few rich_text blocks as sectionItems
// would sections: Slack documents no length for a rich_text block, so the
// adapter holds one to a section's.
func richItems(paras []para) []item {
	var out []item
	for _, g := range packParas(paras) {
		out = append(out, item{block: richBlock(g.paras), chars: g.chars})
	}
	return out
}

// paraGroup is paragraphs that fit one section: their mrkdwn, a paragraph
// a line, and its length.
type paraGroup struct {
	paras []para
	text  string
	chars int
}

// packParas groups paragraphs, split where one alone is too long, so that
// each group's mrkdwn, a paragraph a line, fits the section text limit.
func packParas(paras []para) []paraGroup {
	var out []paraGroup
	var cur paraGroup
	var lines []string
	flush := func() {
		cur.text = strings.Join(lines, "\n")
		out = append(out, cur)
		cur, lines = paraGroup{}, nil
	}
	for _, p := range paras {
		for _, piece := range p.split(maxSectionText) {
			s := piece.render()
			l := runeLen(s)
			if len(lines) > 0 && cur.chars+1+l > maxSectionText {
				flush()
			}
			if len(lines) > 0 {
				cur.chars++
			}
			cur.paras, lines = append(cur.paras, piece), append(lines, s)
			cur.chars += l
		}
	}
	if len(lines) > 0 {
		flush()
	}
	return out
}

func mrkdwnSection(text string) *slackapi.SectionBlock {
	return slackapi.NewSectionBlock(slackapi.NewTextBlockObject(slackapi.MarkdownType, text, false, false), nil, nil)
}

// contextItems renders a paragraph as small print: context blocks of up to
// ten elements of at most the section text limit each.
func contextItems(p para) []item {
	var out []item
	var elems []slackapi.MixedElement
	n := 0
	flush := func() {
		if len(elems) > 0 {
			out = append(out, item{block: slackapi.NewContextBlock("", elems...), chars: n})
			elems, n = nil, 0
		}
	}
	for _, piece := range p.split(maxSectionText) {
		s := piece.render()
		if len(elems) == maxContextElements {
			flush()
		}
		elems = append(elems, slackapi.NewTextBlockObject(slackapi.MarkdownType, s, false, false))
		n += runeLen(s)
	}
	flush()
	return out
}

// fieldItems renders fields in order: runs of inline fields as the two
// columns of section fields (at most ten, and no more text than one section
// holds), others as lines of a section.
func fieldItems(fields []bot.Field) []item {
	var out []item
	var inline []*slackapi.TextBlockObject
	var lines []para
	n := 0
	flushInline := func() {
		if len(inline) > 0 {
			out = append(out, item{block: slackapi.NewSectionBlock(nil, inline, nil), chars: n})
			inline, n = nil, 0
		}
	}
	flushLines := func() {
		out = append(out, sectionItems(lines)...)
		lines = nil
	}
	for _, f := range fields {
		if strings.TrimSpace(f.Value) == "" {
			continue
		}
		p := para{text: styled.Text{{Text: f.Name, Style: styled.Bold}, {Text: "\n" + f.Value}}}
		if s := p.render(); f.Inline && runeLen(s) <= maxFieldText {
			flushLines()
			if len(inline) == maxFields || n+runeLen(s) > maxSectionText {
				flushInline()
			}
			inline = append(inline, slackapi.NewTextBlockObject(slackapi.MarkdownType, s, false, false))
			n += runeLen(s)
			continue
		}
		flushInline()
		lines = append(lines, p)
	}
	flushInline()
	flushLines()
	return out
}

// listItem renders a card that is one entry of a list as one rich_text
// block (its quotes' words exactly as recorded): the name, role and inline
// facts (the stance) on one line, then the summary, the quotes and the
// footer.
func listItem(c bot.Card) []item {
	head := styled.Bold.Of(bot.OneLine(c.Title))
	if c.Subtitle != "" {
		head = append(head, styled.Run{Text: " — " + c.Subtitle})
	}
	for _, f := range c.Fields {
		if strings.TrimSpace(f.Value) != "" {
			head = append(head, styled.Run{Text: " · "}, styled.Run{Text: f.Value, Style: styled.Italic})
		}
	}
	paras := []para{{text: head}}
	if c.Text != "" {
		paras = append(paras, para{text: styled.Plain.Of(c.Text)})
	}
	for _, q := range c.Quotes {
		paras = append(paras, quoteParas(card.ItemQuote(q), false)...)
	}
	if c.Footer != "" {
		paras = append(paras, para{text: styled.Italic.Of(c.Footer)})
	}
	return richItems(paras)
}

// gridParas renders the tier grid: one paragraph per expertise row with
// people, one line per recognition column with people.
func gridParas(tg *bot.TierGrid) []para {
	g := card.GridOf(*tg)
	out := []para{{text: styled.Text{{Text: "Tier grid", Style: styled.Bold}, {Text: " · expertise × recognition"}}}}
	for _, row := range g.Rows {
		var lines []string
		for j, cell := range row.Cells {
			if cell.Count() > 0 {
				lines = append(lines, "• "+g.Cols[j]+": "+cell.Text())
			}
		}
		if len(lines) == 0 {
			continue
		}
		out = append(out, para{text: styled.Text{
			{Text: row.Label, Style: styled.Bold},
			{Text: "\n" + strings.Join(lines, "\n")},
		}})
	}
	if len(out) == 1 {
		out = append(out, para{text: styled.Plain.Of("No profiled people yet.")})
	}
	return out
}

// quoteParas renders a quote card, for richItems: who (unless the list item
// around it says so), their stance, the words (in quotation marks and
// Slack's quotation styling only when they are a direct quote), fidelity
// and the full citation, context and note.
func quoteParas(q card.Quote, speaker bool) []para {
	var out []para
	if speaker {
		head := styled.Bold.Of(q.Speaker)
		if q.Role != "" {
			head = append(head, styled.Run{Text: " — " + q.Role})
		}
		out = append(out, para{text: head})
	}
	if q.Stance != "" || q.Strategy != "" {
		var st styled.Text
		if q.Stance != "" {
			st = append(st, styled.Run{Text: q.Stance, Style: styled.Italic})
		}
		if q.Strategy != "" {
			if len(st) > 0 {
				st = append(st, styled.Run{Text: " · "})
			}
			st = append(st, styled.Run{Text: q.Strategy})
		}
		if q.Summary != "" {
			st = append(st, styled.Run{Text: " — " + q.Summary})
		}
		out = append(out, para{text: st})
	}
	words := styled.Words(q.Words)
	if q.Quoted {
		words = append(append(styled.Plain.Of("“"), words...), styled.Run{Text: "”"})
	}
	out = append(out, para{text: words, quoted: q.Quoted})
	out = append(out, para{text: citationRuns(q)})
	if q.Context != "" {
		out = append(out, para{text: styled.Text{{Text: "Context:", Style: styled.Italic}, {Text: " " + q.Context}}})
	}
	if q.Note != "" {
		out = append(out, para{text: styled.Text{{Text: "Note:", Style: styled.Bold}, {Text: " " + q.Note}}})
	}
	return out
}

// citationRuns is the fidelity and every known part of the source, the
// title in italics and the URL as a link.
func citationRuns(q card.Quote) styled.Text {
	out := styled.Italic.Of(q.Fidelity)
	for _, p := range q.Citation {
		out = append(out, styled.Run{Text: " · "})
		switch p.Kind {
		case card.SourceTitle:
			out = append(out, styled.Run{Text: p.Text, Style: styled.Italic})
		case card.SourceURL:
			out = append(out, styled.Run{Text: "link", Style: styled.Link, URL: p.Text})
		default:
			out = append(out, styled.Run{Text: p.Text})
		}
	}
	return out
}

// tailItems are the reply's page line and buttons.
func tailItems(r bot.Reply) []item {
	var out []item
	if page := card.PageLine(r); page != "" {
		out = append(out, contextItems(para{text: styled.Plain.Of(page)})...)
	}
	var buttons []slackapi.BlockElement
	for i, a := range r.Actions {
		label := escape(bot.Clip(bot.OneLine(a.Label), maxButtonText))
		buttons = append(buttons, slackapi.NewButtonBlockElement(actionPrefix+strconv.Itoa(i), a.Command,
			slackapi.NewTextBlockObject(slackapi.PlainTextType, label, false, false)))
	}
	for len(buttons) > 0 {
		k := min(len(buttons), maxButtons)
		out = append(out, item{block: slackapi.NewActionBlock("", buttons[:k]...)})
		buttons = buttons[k:]
	}
	for i := range out {
		out[i].card = -1
	}
	return out
}
