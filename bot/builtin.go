package bot

// Option limits shared by the built-in commands.
const (
	maxNameOption = 100 // strategy and person names
	maxPageOption = 4
)

// builtinCommands returns the core's own commands, in /help order.
func (b *Bot) builtinCommands() []Command {
	return []Command{
		b.whoEndorsesCommand(),
		b.personCommand(),
		b.strategiesCommand(),
		b.quoteCommand(),
		b.sourcesCommand(),
		b.storyCommand(),
		b.helpCommand(),
	}
}

// pageOption is the optional page number of a paginated answer.
func pageOption() Option {
	return Option{Name: "page", Description: "Page of the answer to show (1 is the first)", MaxLength: maxPageOption, Placeholder: "N", Integer: true}
}

func (b *Bot) whoEndorsesCommand() Command {
	kinds := make([]string, len(StanceKinds))
	for i, k := range StanceKinds {
		kinds[i] = string(k)
	}
	return Command{
		Name:        "whoendorses",
		Description: "Who holds a strategy: counts, principal voices, tier grid, mixes and quotes",
		Options: []Option{
			{Name: "strategy", Description: "The strategy: its name, id or an alias (e.g. open weights)",
				Required: true, Positional: true, Rest: true, Autocomplete: CompleteStrategy, MaxLength: maxNameOption},
			{Name: "stance", Description: "Only list the people with this stance",
				Choices: kinds, MaxLength: 20},
			pageOption(),
		},
		Examples: []string{"/whoendorses open source", "/whoendorses open weights opposes", "/whoendorses open-source page:2"},
		Run:      b.runWhoEndorses,
	}
}

func (b *Bot) personCommand() Command {
	return Command{
		Name:        "person",
		Description: "One person: role, tiers, p(doom), every stance with its history, and their quotes",
		Options: []Option{
			{Name: "name", Description: "The person's name, id or an alias (any case, accents optional)",
				Required: true, Positional: true, Rest: true, Autocomplete: CompletePerson, MaxLength: maxNameOption},
			pageOption(),
		},
		Examples: []string{"/person Yann LeCun", "/person joelle pineau"},
		Run:      b.runPerson,
	}
}

func (b *Bot) strategiesCommand() Command {
	return Command{
		Name:        "strategies",
		Description: "Every strategy on record with its endorser and opposer counts",
		Options:     []Option{pageOption()},
		Examples:    []string{"/strategies"},
		Run:         b.runStrategies,
	}
}

func (b *Bot) helpCommand() Command {
	return Command{
		Name:        "help",
		Description: "The commands, their options and examples",
		Options: []Option{
			{Name: "command", Description: "A command to explain in detail", Positional: true, MaxLength: 32},
		},
		Examples: []string{"/help", "/help whoendorses"},
		Run:      b.runHelp,
	}
}
