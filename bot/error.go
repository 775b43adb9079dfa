package bot

import (
	"errors"
	"fmt"
)

// Error codes, after the style of WTF Dial: a small fixed set an adapter can
// map to its platform (exit codes, ephemeral replies, HTTP status).
const (
	EINTERNAL     = "internal"     // a bug or an unavailable dependency
	EINVALID      = "invalid"      // the user's input is wrong
	ENOTFOUND     = "not_found"    // the strategy, person or quote does not exist
	EUNAUTHORIZED = "unauthorized" // the user may not do this
	ERATELIMITED  = "rate_limited" // the user or channel must wait
)

// Error is an error meant for the user: Message is safe to show in chat.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("stancebot error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the user-facing message of the first *Error in err's
// chain, with control characters stripped (it may echo what the user typed:
// StripControl); any other error is reported as an internal error without
// details.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return StripControl(e.Message)
	default:
		return "Internal error: something went wrong on our side."
	}
}
