package hooks

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/guard"
)

// registerRealtimeRecheck checks again, when a user record changes (its
// roles and so its permissions, its status), every realtime subscription
// that user holds, and drops those the record guards would now refuse. A
// subscription is checked when it is made; without this, one made while
// the user held client.view or session.view.all would keep filtering on
// what the user may no longer read (docs/rules.md §1).
func registerRealtimeRecheck(app core.App) {
	app.OnRecordAfterUpdateSuccess("users").BindFunc(func(e *core.RecordEvent) error {
		recheckSubscriptions(e.App, e.Record)
		return e.Next()
	})
}

// recheckSubscriptions unsubscribes user's realtime clients from what the
// guard refuses for the user as now stored; on an error every subscription
// of the user's clients is dropped, so none outlives a check it may fail.
func recheckSubscriptions(app core.App, user *core.Record) {
	hidden, err := guard.HiddenFor(app, user)
	for _, client := range app.SubscriptionsBroker().Clients() {
		auth, _ := client.Get(apis.RealtimeClientAuthKey).(*core.Record)
		if auth == nil || auth.Id != user.Id || auth.Collection().Name != user.Collection().Name {
			continue
		}
		if err != nil {
			client.Unsubscribe()
			continue
		}
		for sub := range client.Subscriptions() {
			if hidden.Subscription(app, sub) != nil {
				client.Unsubscribe(sub)
			}
		}
	}
}
