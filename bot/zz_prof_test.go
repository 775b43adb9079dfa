package bot_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/stancebot/stancebot/adapters/console"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
)

func BenchmarkZZWho(b *testing.B) {
	ctx := context.Background()
	quiet := slog.New(slog.DiscardHandler)
	db, err := store.Open(ctx, "/tmp/profdb/stancebot.db", store.Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	bt, err := bot.New(bot.Options{Store: db, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	ids := []string{"conditional-oversight-source", "binding-safeguards-government", "strict-red-teaming", "public-alliances"}
	from := bot.Request{Platform: bot.PlatformConsole, UserID: "bench", ChannelID: "bench"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := bt.HandleLine(ctx, "/whoendorses "+ids[i%len(ids)], from)
		if r.Error != "" {
			b.Fatal(r.Error)
		}
		console.Render(io.Discard, r)
	}
}

func BenchmarkZZReport(b *testing.B) {
	ctx := context.Background()
	quiet := slog.New(slog.DiscardHandler)
	db, err := store.Open(ctx, "/tmp/profdb/stancebot.db", store.Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.StrategyReport(ctx, "public-alliances")
	for _, id := range []string{"conditional-oversight-source", "strict-red-teaming", "collective-weights-vini"} {
		b.Run(id, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := db.StrategyReport(ctx, id); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkZZWhoOne(b *testing.B) {
	ctx := context.Background()
	quiet := slog.New(slog.DiscardHandler)
	db, err := store.Open(ctx, "/tmp/profdb/stancebot.db", store.Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	bt, _ := bot.New(bot.Options{Store: db, Logger: quiet})
	from := bot.Request{Platform: bot.PlatformConsole, UserID: "bench", ChannelID: "bench"}
	bt.HandleLine(ctx, "/whoendorses public-alliances", from)
	for _, id := range []string{"conditional-oversight-source", "strict-red-teaming", "collective-weights-vini"} {
		b.Run(id, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				r := bt.HandleLine(ctx, "/whoendorses "+id, from)
				console.Render(io.Discard, r)
			}
		})
	}
}
