package slack

import (
	"net/url"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/adapters/internal/styled"
)

// para is one paragraph of styled text. A quoted paragraph is a direct
// quote's words, shown in Slack's quotation styling; it is rendered only as
// rich text (richBlock), never as mrkdwn.
type para struct {
	text   styled.Text
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
func (p para) render() string { return mrkdwn(p.text) }

// mrkdwn renders styled text as Slack's mrkdwn: bold as *text*, italic as
// _text_, a link as <url|text> (as its text when its URL is not http(s)),
// the data escaped.
func mrkdwn(t styled.Text) string {
	var b strings.Builder
	for _, r := range t {
		switch r.Style {
		case styled.Bold:
			b.WriteString(wrapLines(r.Text, "*"))
		case styled.Italic:
			b.WriteString(wrapLines(r.Text, "_"))
		case styled.Link:
			if u := safeURL(r.URL); u != "" {
				b.WriteString("<" + u + "|" + escape(r.Text) + ">")
				continue
			}
			fallthrough
		default:
			b.WriteString(escape(r.Text))
		}
	}
	return b.String()
}

// mrkdwnLen is the length of t's mrkdwn, as Slack counts it toward its
// text limits: the cost of styled text that Split keeps pieces within.
func mrkdwnLen(t styled.Text) int { return runeLen(mrkdwn(t)) }

// wrapLines wraps every line of s in marker, keeping white space outside the
// markers: Slack ignores "* word*" and emphasis that spans lines.
func wrapLines(s, marker string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lead, core, trail := styled.Edges(l)
		if core == "" {
			lines[i] = escape(l)
			continue
		}
		lines[i] = escape(lead) + marker + escape(core) + marker + escape(trail)
	}
	return strings.Join(lines, "\n")
}

// split cuts the paragraph into paragraphs whose mrkdwn is at most max
// characters each, quoted as it is.
func (p para) split(max int) []para {
	var out []para
	for _, t := range p.text.Split(max, mrkdwnLen) {
		out = append(out, para{text: t, quoted: p.quoted})
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
			elems = append(elems, &slackapi.RichTextQuote{Type: slackapi.RTEQuote, Elements: richRuns(p.text)})
			continue
		}
		if len(section) > 0 {
			section = append(section, slackapi.NewRichTextSectionTextElement("\n", nil))
		}
		section = append(section, richRuns(p.text)...)
	}
	flush()
	return slackapi.NewRichTextBlock("", elems...)
}

// richRuns renders styled text as rich text elements: text with its
// style, a link as a link element (as text when its URL is not http(s)).
// Empty runs are left out: Slack refuses an empty text element.
func richRuns(t styled.Text) []slackapi.RichTextSectionElement {
	out := make([]slackapi.RichTextSectionElement, 0, len(t))
	for _, r := range t {
		if r.Text == "" {
			continue
		}
		var st *slackapi.RichTextSectionTextStyle
		switch r.Style {
		case styled.Bold:
			st = &slackapi.RichTextSectionTextStyle{Bold: true}
		case styled.Italic:
			st = &slackapi.RichTextSectionTextStyle{Italic: true}
		case styled.Link:
			if u := linkURL(r.URL); u != "" {
				out = append(out, &slackapi.RichTextSectionLinkElement{Type: slackapi.RTSELink, URL: u, Text: r.Text})
				continue
			}
		}
		out = append(out, slackapi.NewRichTextSectionTextElement(r.Text, st))
	}
	return out
}
