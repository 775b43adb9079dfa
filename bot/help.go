package bot

import (
	"context"
	"fmt"
	"strings"
)

// Usage is a command's synopsis: "/whoendorses <strategy> [stance:…] [page:…]".
// Required positional options are in <>, optional ones in []; named options
// show their choices when they have some.
func Usage(c Command) string {
	parts := []string{"/" + c.Name}
	for _, o := range c.Options {
		if o.Hidden {
			continue
		}
		p := o.Name + ":" + placeholder(o)
		if len(o.Choices) > 0 {
			p = o.Name + ":" + strings.Join(o.Choices, "|")
		}
		if o.Positional {
			p = o.Name
		}
		switch {
		case o.Positional && (o.Required || o.Needed):
			p = "<" + p + ">"
		case !o.Required && !o.Needed:
			p = "[" + p + "]"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

// placeholder is what stands for o's value in a synopsis.
func placeholder(o Option) string {
	if o.Placeholder != "" {
		return o.Placeholder
	}
	return "<value>"
}

// usageExample shows how to give option o of c: the first example that
// uses it, else the synopsis.
func usageExample(c Command, o Option) string {
	for _, e := range c.Examples {
		if strings.Contains(e, o.Name+":") || (o.Positional && strings.Count(e, " ") > 0) {
			return e
		}
	}
	return Usage(c)
}

// runHelp answers /help: every command with its synopsis and an example, or
// one command in detail.
func (b *Bot) runHelp(_ context.Context, req Request) (Reply, error) {
	if name := req.Option("command"); name != "" {
		c, ok := b.Command(strings.ToLower(strings.TrimPrefix(name, "/")))
		if !ok {
			return Reply{}, b.unknownCommand(name)
		}
		return Reply{Visibility: Ephemeral, Cards: []Card{commandHelp(c)}}, nil
	}
	card := Card{
		Title:    "stancebot commands",
		Subtitle: "Who holds which position on AGI strategy, in their own sourced words.",
		Footer: "Type /help <command> for its options. Options can be named: stance:opposes, page:2; " +
			"a named strategy or person runs to the next option (strategy:open weights).",
	}
	for _, c := range b.commandsInOrder() {
		v := c.Description
		if len(c.Examples) > 0 {
			v += "\ne.g. " + c.Examples[0]
		}
		card.Fields = append(card.Fields, Field{Name: Usage(c), Value: v})
	}
	return Reply{Visibility: Ephemeral, Cards: []Card{card}}, nil
}

// commandsInOrder returns the registry in registration order: the core's
// commands as builtinCommands lists them, then the ones registered later.
func (b *Bot) commandsInOrder() []Command {
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := make([]Command, len(b.order))
	for i, name := range b.order {
		out[i] = b.commands[name]
	}
	return out
}

// commandHelp is the detailed help card of one command.
func commandHelp(c Command) Card {
	card := Card{Title: Usage(c), Text: c.Description}
	if c.Help != "" {
		card.Text += "\n\n" + c.Help
	}
	for _, o := range c.Options {
		if o.Hidden {
			continue
		}
		var notes []string
		switch {
		case o.Required:
			notes = append(notes, "required")
		case o.Needed:
			notes = append(notes, "needed")
		default:
			notes = append(notes, "optional")
		}
		if o.Positional {
			notes = append(notes, "may be given without its name")
		}
		name := fmt.Sprintf("%s (%s)", o.Name, strings.Join(notes, ", "))
		v := o.Description
		if len(o.Choices) > 0 {
			v += "\nOne of: " + strings.Join(o.Choices, ", ")
		}
		card.Fields = append(card.Fields, Field{Name: name, Value: v})
	}
	if len(c.Examples) > 0 {
		card.Fields = append(card.Fields, Field{Name: "Examples", Value: strings.Join(c.Examples, "\n")})
	}
	if c.ManageOnly {
		card.Footer = "Only people who can manage the channel may use this command."
	}
	return card
}
