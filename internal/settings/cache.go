package settings

import (
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// cacheKey is where an app keeps its settings cache in app.Store().
const cacheKey = "studio.settings.cache"

// cache holds an app's settings between saves of the settings record, so
// that a transition or a new session does not read studio_settings again.
// A save of the record (create, update or delete, through any path that
// runs PocketBase's record hooks) marks the cache pending when it starts
// and empties it when it has committed or failed; while a save is pending,
// and for a read that overlapped one, Load reads the record and keeps
// nothing, so no reader is answered a value older than the committed one,
// and a transaction that changed the settings reads its own change.
type cache struct {
	mu      sync.Mutex
	pending int    // saves started and not yet committed or rolled back
	gen     uint64 // bumped at every start and end of a save
	valid   bool
	value   Settings
}

// BindCache turns on the settings cache of app and binds the hooks that
// keep it in step with the studio_settings record. Without it (an app the
// studio hooks were not registered on) Load reads the record every time.
func BindCache(app core.App) {
	c := &cache{}
	app.Store().Set(cacheKey, c)
	begin := &hook.Handler[*core.RecordEvent]{Id: "studio.settings.cache.begin", Priority: -1000, Func: func(e *core.RecordEvent) error {
		c.begin()
		return e.Next()
	}}
	end := &hook.Handler[*core.RecordEvent]{Id: "studio.settings.cache.end", Priority: -1000, Func: func(e *core.RecordEvent) error {
		c.end()
		return e.Next()
	}}
	endErr := &hook.Handler[*core.RecordErrorEvent]{Id: "studio.settings.cache.end", Priority: -1000, Func: func(e *core.RecordErrorEvent) error {
		c.end()
		return e.Next()
	}}
	app.OnRecordCreate(Collection).Bind(begin)
	app.OnRecordUpdate(Collection).Bind(begin)
	app.OnRecordDelete(Collection).Bind(begin)
	app.OnRecordAfterCreateSuccess(Collection).Bind(end)
	app.OnRecordAfterUpdateSuccess(Collection).Bind(end)
	app.OnRecordAfterDeleteSuccess(Collection).Bind(end)
	app.OnRecordAfterCreateError(Collection).Bind(endErr)
	app.OnRecordAfterUpdateError(Collection).Bind(endErr)
	app.OnRecordAfterDeleteError(Collection).Bind(endErr)
}

func cacheOf(app core.App) *cache {
	c, _ := app.Store().Get(cacheKey).(*cache)
	return c
}

func (c *cache) begin() {
	c.mu.Lock()
	c.pending++
	c.gen++
	c.valid = false
	c.mu.Unlock()
}

func (c *cache) end() {
	c.mu.Lock()
	if c.pending > 0 {
		c.pending--
	}
	c.gen++
	c.valid = false
	c.mu.Unlock()
}

// get answers the cached settings, or the generation a read must find
// unchanged to keep what it read (ok false, keep false: do not keep).
func (c *cache) get() (s Settings, ok bool, gen uint64, keep bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending > 0 {
		return Settings{}, false, 0, false
	}
	if c.valid {
		return c.value, true, 0, false
	}
	return Settings{}, false, c.gen, true
}

// put keeps s, read while the generation was gen, unless a save started or
// ended since.
func (c *cache) put(s Settings, gen uint64) {
	c.mu.Lock()
	if c.pending == 0 && c.gen == gen {
		c.value, c.valid = s, true
	}
	c.mu.Unlock()
}

// locations caches time.LoadLocation, which reads the zone database on
// every call; a zone's rules do not change while the process runs.
var locations sync.Map // name → *time.Location

func loadLocation(name string) (*time.Location, error) {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, loc)
	return loc, nil
}
