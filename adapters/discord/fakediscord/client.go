package fakediscord

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Client returns an HTTP client that sends every request for Discord's hosts
// (discord.com, discordapp.com, *.discord.gg and their subdomains) to this
// server and refuses any other host, so a test can never reach the network.
// Give it to discordgo as Session.Client (the discord adapter: Options.HTTPClient).
func (s *Server) Client() *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &rewriter{
			target: s.listener.Addr().String(),
			next:   &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 16, IdleConnTimeout: 30 * time.Second},
		},
	}
}

// rewriter is an http.RoundTripper pointing Discord's hosts at the fake.
type rewriter struct {
	target string
	next   http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *rewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	host := req.URL.Hostname()
	if !isDiscordHost(host) && req.URL.Host != t.target {
		return nil, fmt.Errorf("fakediscord: refusing request to %s: only Discord's hosts are faked", req.URL.Host)
	}
	r := req.Clone(req.Context())
	r.URL.Scheme = "http"
	r.URL.Host = t.target
	r.Host = t.target
	return t.next.RoundTrip(r)
}

func isDiscordHost(h string) bool {
	for _, d := range []string{"discord.com", "discordapp.com", "discord.gg"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return false
}
