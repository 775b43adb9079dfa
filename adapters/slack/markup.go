package slack

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/adapters/internal/card"
)

// style is how one run of text is marked up: in Slack's mrkdwn, or as a
// text element's style in a rich_text block.
type style int

const (
	plain  style = iota
	bold         // *text*
	italic       // _text_
	link         // <url|text>; never split
)

// run is a piece of data text with one style. Text is raw: escaping happens
// when it is rendered.
type run struct {
	text  string
	style style
	url   string // for link runs
}

// para is one paragraph: runs rendered one after the other. A quoted
// paragraph is a direct quote's words, shown in Slack's quotation styling;
// it is rendered only as rich text (richBlock), never as mrkdwn.
type para struct {
	runs   []run
	quoted bool
}

// escaper replaces the three characters Slack's markup reserves.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape makes data text safe for Slack text fields.
func escape(s string) string { return escaper.Replace(s) }

// safeURL returns u ready to put inside <...|...>, or "" when u is not an
// absolute http(s) URL.
func safeURL(u string) string {
	return strings.ReplaceAll(linkURL(u), "&", "&amp;")
}

// linkURL returns u as the URL of a link (a rich text link element's, or
// safeURL's before the entity), or "" when u is not an absolute http(s) URL.
func linkURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return strings.NewReplacer("|", "%7C", "<", "%3C", ">", "%3E", " ", "%20").Replace(p.String())
}

// render returns the paragraph as mrkdwn. Its length bounds the paragraph
// as rich text too: rich text adds no escapes and no markers.
func (p para) render() string {
	var b strings.Builder
	for _, r := range p.runs {
		b.WriteString(r.render())
	}
	return b.String()
}

// render returns one run as mrkdwn.
func (r run) render() string {
	switch r.style {
	case bold:
		return wrapLines(r.text, "*")
	case italic:
		return wrapLines(r.text, "_")
	case link:
		if u := safeURL(r.url); u != "" {
			return "<" + u + "|" + escape(r.text) + ">"
		}
		return escape(r.text)
	default:
		return escape(r.text)
	}
}

// wrapLines wraps every line of s in marker, keeping white space outside the
// markers: Slack ignores "* word*" and emphasis that spans lines.
func wrapLines(s, marker string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		core := strings.TrimFunc(l, unicode.IsSpace)
		if core == "" {
			lines[i] = escape(l)
			continue
		}
		start := strings.Index(l, core)
		lines[i] = escape(l[:start]) + marker + escape(core) + marker + escape(l[start+len(core):])
	}
	return strings.Join(lines, "\n")
}

// cost is an upper bound of the rendered length of text in the given style,
// in runes.
func cost(text string, st style) int {
	n := 0
	lines := 1
	for _, r := range text {
		switch r {
		case '&':
			n += 5
		case '<', '>':
			n += 4
		case '\n':
			n++
			lines++
		default:
			n++
		}
	}
	if st == bold || st == italic {
		n += 2 * lines
	}
	return n
}

// split cuts the paragraph into paragraphs whose rendering is at most max
// runes, breaking at line ends or spaces where it can. A link too long for
// one piece becomes plain text so that it can be cut.
func (p para) split(max int) []para {
	if runeLen(p.render()) <= max {
		return []para{p}
	}
	var out []para
	cur, used := para{quoted: p.quoted}, 0
	flush := func() {
		if len(cur.runs) > 0 {
			out = append(out, cur)
		}
		cur, used = para{quoted: p.quoted}, 0
	}
	queue := append([]run(nil), p.runs...)
	for len(queue) > 0 {
		r := queue[0]
		c := cost(r.text, r.style)
		if r.style == link {
			c = runeLen(r.render())
		}
		if used+c <= max {
			cur.runs = append(cur.runs, r)
			used += c
			queue = queue[1:]
			continue
		}
		if r.style == link {
			if c <= max && len(cur.runs) > 0 {
				flush()
				continue
			}
			queue[0] = run{text: r.text + " (" + r.url + ")", style: plain}
			continue
		}
		head, tail := cut(r.text, r.style, max-used)
		if head == "" {
			if len(cur.runs) == 0 {
				// Not even one rune fits an empty paragraph: cannot happen for max >= 8.
				head, tail = firstRune(r.text)
			} else {
				flush()
				continue
			}
		}
		cur.runs = append(cur.runs, run{text: head, style: r.style, url: r.url})
		flush()
		queue[0] = run{text: strings.TrimLeft(tail, " \n"), style: r.style, url: r.url}
		if queue[0].text == "" {
			queue = queue[1:]
		}
	}
	flush()
	return out
}

func firstRune(s string) (string, string) {
	_, n := utf8.DecodeRuneInString(s)
	return s[:n], s[n:]
}

// cut returns the longest prefix of text whose cost fits room, ending at a
// line end or space when there is one, and the rest.
func cut(text string, st style, room int) (string, string) {
	styled := st == bold || st == italic
	best, lastBreak, n, lines := 0, 0, 0, 1
	for i, r := range text {
		n += cost(string(r), plain)
		if r == '\n' {
			lines++
		}
		total := n
		if styled {
			total += 2 * lines
		}
		if total > room {
			break
		}
		best = i + utf8.RuneLen(r)
		if r == '\n' || r == ' ' {
			lastBreak = best
		}
	}
	if best == len(text) {
		return text, ""
	}
	if lastBreak > 0 {
		best = lastBreak
	}
	return strings.TrimRight(text[:best], " \n"), text[best:]
}

// wordRuns renders a quote's pieces as runs, the highlighted ones in bold.
func wordRuns(ps []card.Piece) []run {
	out := make([]run, 0, len(ps))
	for _, p := range ps {
		r := run{text: p.Text}
		if p.Highlight {
			r.style = bold
		}
		out = append(out, r)
	}
	return out
}

// richBlock renders paragraphs as one rich_text block: a quoted paragraph
// as a rich_text_quote (Slack's quotation styling), each run of the others
// as a rich_text_section, a paragraph a line. Its text elements are
// literal: Slack reads no markup and no entity in them, so the characters of
// a quote (* _ ~ ` < > &) show exactly as recorded and a mention written in
// the data never pings.
func richBlock(paras []para) *slackapi.RichTextBlock {
	var elems []slackapi.RichTextElement
	var section []slackapi.RichTextSectionElement
	flush := func() {
		if len(section) > 0 {
			elems = append(elems, slackapi.NewRichTextSection(section...))
			section = nil
		}
	}
	for _, p := range paras {
		if p.quoted {
			flush()
			elems = append(elems, &slackapi.RichTextQuote{Type: slackapi.RTEQuote, Elements: richRuns(p.runs)})
			continue
		}
		if len(section) > 0 {
			section = append(section, slackapi.NewRichTextSectionTextElement("\n", nil))
		}
		section = append(section, richRuns(p.runs)...)
	}
	flush()
	return slackapi.NewRichTextBlock("", elems...)
}

// richRuns renders runs as rich text elements: text with its style, a link
// as a link element (as text when its URL is not http(s)). Empty runs are
// left out: Slack refuses an empty text element.
func richRuns(runs []run) []slackapi.RichTextSectionElement {
	out := make([]slackapi.RichTextSectionElement, 0, len(runs))
	for _, r := range runs {
		if r.text == "" {
			continue
		}
		var st *slackapi.RichTextSectionTextStyle
		switch r.style {
		case bold:
			st = &slackapi.RichTextSectionTextStyle{Bold: true}
		case italic:
			st = &slackapi.RichTextSectionTextStyle{Italic: true}
		case link:
			if u := linkURL(r.url); u != "" {
				out = append(out, &slackapi.RichTextSectionLinkElement{Type: slackapi.RTSELink, URL: u, Text: r.text})
				continue
			}
		}
		out = append(out, slackapi.NewRichTextSectionTextElement(r.text, st))
	}
	return out
}
