package schedule

import (
	"errors"
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// The availability answer names every room and every active photographer.
// Those lists change rarely (a room or a user saved, a role edited) and were
// three of the answer's statements on every call, so an app that called
// WatchResources keeps them in memory, dropped after every committed
// change of a room, a user, a role or a collection.

// resourcesKey is where an app keeps its resourceCache in app.Store().
const resourcesKey = "studio.schedule.resources"

// watchedTables are the tables the cached lists are read from.
var watchedTables = []string{"rooms", "users", "roles", (&core.Collection{}).TableName()}

// resources are the lists the availability answer takes from rooms and
// users, as ActiveRooms, ActivePhotographers and UnbookableRooms answer them.
type resources struct {
	rooms, photographers []Resource
	unbookable           []ResourceAvailability
}

// resourceCache holds the last resources loaded and a generation counter
// that every change bumps: a load stores its answer only when no change
// was committed while it read, so a slow reader never stores lists older
// than a drop it missed.
type resourceCache struct {
	mu   sync.Mutex
	gen  uint64
	held *resources
}

func (c *resourceCache) drop() {
	c.mu.Lock()
	c.gen++
	c.held = nil
	c.mu.Unlock()
}

// WatchResources gives app a cache of the availability answer's rooms and
// photographers, dropped by model hooks after every committed create,
// update or delete of a room, a user, a role or a collection. PocketBase
// runs these hooks after the commit for saves inside a transaction, and
// every write to those tables goes through app.Save or app.Delete (the
// studio writes them with no raw SQL). An app without the hooks (or a
// caller inside a transaction, who may see its own uncommitted changes)
// reads the tables on every call.
func WatchResources(app core.App) {
	c := &resourceCache{}
	app.Store().Set(resourcesKey, c)
	drop := func(e *core.ModelEvent) error {
		c.drop()
		return e.Next()
	}
	// Before PocketBase's own handlers, so a handler that stops the chain
	// cannot keep the lists stale.
	const id, priority = "studio.schedule.resources.drop", -1000
	app.OnModelAfterCreateSuccess(watchedTables...).Bind(&hook.Handler[*core.ModelEvent]{Id: id, Priority: priority, Func: drop})
	app.OnModelAfterUpdateSuccess(watchedTables...).Bind(&hook.Handler[*core.ModelEvent]{Id: id, Priority: priority, Func: drop})
	app.OnModelAfterDeleteSuccess(watchedTables...).Bind(&hook.Handler[*core.ModelEvent]{Id: id, Priority: priority, Func: drop})
}

// loadResources answers the rooms and photographers, from the app's cache
// when it has one and the caller is outside a transaction.
func loadResources(app core.App) (*resources, error) {
	c, _ := app.Store().Get(resourcesKey).(*resourceCache)
	if c == nil || app.IsTransactional() {
		return readResources(app)
	}
	c.mu.Lock()
	held, gen := c.held, c.gen
	c.mu.Unlock()
	if held != nil {
		return held, nil
	}
	r, err := readResources(app)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.gen == gen {
		c.held = r
	}
	c.mu.Unlock()
	return r, nil
}

func readResources(app core.App) (*resources, error) {
	var (
		r                resources
		errR, errP, errU error
	)
	r.rooms, errR = ActiveRooms(app)
	r.photographers, errP = ActivePhotographers(app)
	r.unbookable, errU = UnbookableRooms(app)
	if err := errors.Join(errR, errP, errU); err != nil {
		return nil, err
	}
	return &r, nil
}
