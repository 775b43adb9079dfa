package slack

import (
	"errors"
	"net/http"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
)

// Slack's published example of a signed request
// (https://api.slack.com/authentication/verifying-requests-from-slack).
const (
	exampleSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	exampleTimestamp = 1531420618
	exampleBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	exampleSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

func exampleHeader() http.Header {
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", "1531420618")
	h.Set("X-Slack-Signature", exampleSignature)
	return h
}

func TestVerifySignatureSlackExample(t *testing.T) {
	at := time.Unix(exampleTimestamp, 0).Add(30 * time.Second)
	if err := verifySignature(exampleHeader(), []byte(exampleBody), exampleSecret, at); err != nil {
		t.Fatalf("Slack's example request refused: %v", err)
	}
	tests := []struct {
		name   string
		header func() http.Header
		body   string
		secret string
		now    time.Time
		want   error
	}{
		{"other secret", exampleHeader, exampleBody, "another-secret", at, errBadSignature},
		{"tampered body", exampleHeader, exampleBody + "&admin=1", exampleSecret, at, errBadSignature},
		{"six minutes late", exampleHeader, exampleBody, exampleSecret, time.Unix(exampleTimestamp, 0).Add(6 * time.Minute), errStale},
		{"six minutes early", exampleHeader, exampleBody, exampleSecret, time.Unix(exampleTimestamp, 0).Add(-6 * time.Minute), errStale},
		{"real clock", exampleHeader, exampleBody, exampleSecret, time.Now(), errStale},
		{"no signature", func() http.Header { h := exampleHeader(); h.Del("X-Slack-Signature"); return h }, exampleBody, exampleSecret, at, errNoSignature},
		{"no timestamp", func() http.Header { h := exampleHeader(); h.Del("X-Slack-Request-Timestamp"); return h }, exampleBody, exampleSecret, at, errNoSignature},
		{"other version", func() http.Header {
			h := exampleHeader()
			h.Set("X-Slack-Signature", "v1="+exampleSignature[3:])
			return h
		}, exampleBody, exampleSecret, at, errBadSignature},
		{"not hex", func() http.Header { h := exampleHeader(); h.Set("X-Slack-Signature", "v0=zz"); return h }, exampleBody, exampleSecret, at, errBadSignature},
		{"timestamp not a number", func() http.Header { h := exampleHeader(); h.Set("X-Slack-Request-Timestamp", "soon"); return h }, exampleBody, exampleSecret, at, errBadSignature},
	}
	for _, tt := range tests {
		if err := verifySignature(tt.header(), []byte(tt.body), tt.secret, tt.now); !errors.Is(err, tt.want) {
			t.Errorf("%s: verifySignature = %v, want %v", tt.name, err, tt.want)
		}
	}
}

// TestVerifySignatureAgreesWithSlackGo checks fresh requests signed by the
// test helper against slack-go's own verifier.
func TestVerifySignatureAgreesWithSlackGo(t *testing.T) {
	body := "command=%2Fquote&text=open+weights"
	for _, secret := range []string{"s3cret", exampleSecret} {
		h := http.Header{}
		sign(h, secret, time.Now(), body)
		sv, err := slackapi.NewSecretsVerifier(h, secret)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sv.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
		if err := sv.Ensure(); err != nil {
			t.Fatalf("slack-go refuses the test's signature: %v", err)
		}
		if err := verifySignature(h, []byte(body), secret, time.Now()); err != nil {
			t.Errorf("verifySignature refuses what slack-go accepts: %v", err)
		}
	}
}
