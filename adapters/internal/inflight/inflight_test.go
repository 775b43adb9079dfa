package inflight

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestCounter(t *testing.T) {
	var c Counter
	if err := c.Wait(context.Background()); err != nil {
		t.Fatalf("wait with nothing under way: %v", err)
	}
	c.Add()
	c.Add()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := c.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("wait with work under way: %v, want the deadline", err)
	}
	waited := make(chan error, 1)
	go func() { waited <- c.Wait(context.Background()) }()
	c.Done()
	c.Add() // new work may start while someone waits
	c.Done()
	select {
	case err := <-waited:
		t.Fatalf("wait returned with work still under way: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	c.Done()
	if err := <-waited; err != nil {
		t.Fatalf("wait after the last Done: %v", err)
	}
}
