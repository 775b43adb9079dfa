package slack

import "strings"

// unescaper decodes the entities Slack puts in message and command text.
var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// slackToPlain turns Slack's message markup into the plain text a user sees:
// <@U1|ana> -> @ana, <#C1|general> -> #general, <!here> -> @here,
// <https://x|label> -> label, <https://x> -> https://x, and entities decoded.
func slackToPlain(s string) string { return plainWith(s, tokenText) }

// withLinks is slackToPlain keeping every web link's address in the text:
// a link shown as its address (<http://x.org/a|x.org/a>) becomes the
// address, and one shown as words keeps them, followed by the address. A
// form pre-filled from a message then has its links.
func withLinks(s string) string {
	return plainWith(s, func(tok string) string {
		target, label, hasLabel := strings.Cut(tok, "|")
		scheme, rest, _ := strings.Cut(target, "://")
		if (scheme != "http" && scheme != "https") || !hasLabel || label == "" {
			return tokenText(tok)
		}
		// Label and address are escaped alike (&amp;): compared as sent.
		if label == target || label == rest || label+"/" == rest {
			return target
		}
		return label + " " + target
	})
}

// plainWith decodes Slack's message markup, each <...> token as text says.
func plainWith(s string, text func(tok string) string) string {
	var b strings.Builder
	b.Grow(len(s))
	for {
		open := strings.IndexByte(s, '<')
		if open < 0 {
			break
		}
		end := strings.IndexByte(s[open:], '>')
		if end < 0 {
			break
		}
		b.WriteString(s[:open])
		b.WriteString(text(s[open+1 : open+end]))
		s = s[open+end+1:]
	}
	b.WriteString(s)
	return unescaper.Replace(b.String())
}

// tokenText is what one <...> token of Slack markup shows.
func tokenText(tok string) string {
	target, label, hasLabel := strings.Cut(tok, "|")
	switch {
	case strings.HasPrefix(target, "@"), strings.HasPrefix(target, "#"):
		if hasLabel && label != "" {
			return target[:1] + strings.TrimPrefix(label, target[:1])
		}
		return target
	case strings.HasPrefix(target, "!"):
		if hasLabel && label != "" {
			return label
		}
		name, _, _ := strings.Cut(target[1:], "^")
		return "@" + name
	case hasLabel && label != "":
		return label
	default:
		return target
	}
}

// afterMention returns the text after the first mention of the user
// (<@U1> or <@U1|name>), or all of text when there is none.
func afterMention(text, userID string) string {
	if userID == "" {
		return text
	}
	mark := "<@" + userID
	for i := 0; ; {
		j := strings.Index(text[i:], mark)
		if j < 0 {
			return text
		}
		rest := text[i+j+len(mark):]
		if strings.HasPrefix(rest, ">") || strings.HasPrefix(rest, "|") {
			if k := strings.IndexByte(rest, '>'); k >= 0 {
				return rest[k+1:]
			}
		}
		i += j + len(mark)
	}
}

// commandText turns what a user wrote to the bot (after its mention, or in a
// direct message) into a command line; an empty message asks for help.
func commandText(slackText string) string {
	line := strings.TrimSpace(slackToPlain(slackText))
	line = strings.TrimLeft(line, ":,")
	line = strings.TrimSpace(line)
	if line == "" {
		return "help"
	}
	return line
}
