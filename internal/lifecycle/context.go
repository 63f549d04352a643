package lifecycle

import "context"

type transitionKey struct{}

// withTransition marks ctx as carrying a state-machine save; the model
// hooks let a status (and the fields a transition sets) change only under
// such a context.
func withTransition(ctx context.Context) context.Context {
	return context.WithValue(ctx, transitionKey{}, true)
}

// IsTransition reports whether ctx carries a state-machine save.
func IsTransition(ctx context.Context) bool {
	if ctx == nil {
		return false
	}
	v, _ := ctx.Value(transitionKey{}).(bool)
	return v
}

type retroactiveKey struct{}

// withRetroactive marks ctx as the creation of a session that already
// happened (EnterRetroactive); only such a save may date a new session in
// the past.
func withRetroactive(ctx context.Context) context.Context {
	return context.WithValue(ctx, retroactiveKey{}, true)
}

// IsRetroactive reports whether ctx carries a retroactive entry.
func IsRetroactive(ctx context.Context) bool {
	if ctx == nil {
		return false
	}
	v, _ := ctx.Value(retroactiveKey{}).(bool)
	return v
}
