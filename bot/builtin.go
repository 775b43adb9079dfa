package bot

// builtinCommands returns the core's own commands. (Filled in by the core work.)
func (b *Bot) builtinCommands() []Command { return nil }
