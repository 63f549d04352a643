// Package seed creates the demo data of `studio seed --demo`: a superuser,
// staff per role, catalog, clients and sessions across the states. Every
// step looks its record up first, so running it twice changes nothing.
package seed

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
)

// DemoPassword is the password of every demo login.
const DemoPassword = "studio-demo-2026"

// DemoSuperuser is the dashboard login created by the demo seed.
const DemoSuperuser = "admin@studio.local"

// DemoUser is one staff login of the demo.
type DemoUser struct {
	Email, Name, Role string
}

// DemoUsers are the staff logins the demo creates (README lists them).
var DemoUsers = []DemoUser{
	{"owner@studio.local", "Ana Owner", rbac.RoleAdmin},
	{"coordinator@studio.local", "Carla Coordinator", rbac.RoleCoordinator},
	{"photographer@studio.local", "Pedro Photographer", rbac.RolePhotographer},
	{"photographer2@studio.local", "Paula Photographer", rbac.RolePhotographer},
	{"editor@studio.local", "Elena Editor", rbac.RoleEditor},
	{"editor2@studio.local", "Edgar Editor", rbac.RoleEditor},
}

// Demo creates the demo data; it is idempotent and runs in one transaction.
func Demo(app core.App) error {
	return app.RunInTransaction(func(tx core.App) error {
		s := &seeder{app: tx, now: settings.Now(tx), users: map[string]*core.Record{}}
		steps := []func() error{s.superuser, s.staff, s.catalog, s.clients, s.sessions}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		tx.Logger().Info("demo data ready", "users", len(DemoUsers), "sessions", len(s.sessionSpecs()))
		return nil
	})
}

type seeder struct {
	app      core.App
	now      time.Time
	users    map[string]*core.Record
	rooms    map[string]*core.Record
	items    map[string]*core.Record
	clientBy map[string]*core.Record
}

// upsert finds the record of collection matching key=value or creates it
// with fill; an existing record is left as it is.
func (s *seeder) upsert(collection, key, value string, fill func(r *core.Record)) (*core.Record, error) {
	r, err := s.app.FindFirstRecordByData(collection, key, value)
	if err == nil {
		return r, nil
	}
	c, err := s.app.FindCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	r = core.NewRecord(c)
	r.Set(key, value)
	fill(r)
	if err := s.app.Save(r); err != nil {
		return nil, fmt.Errorf("seed %s %s: %w", collection, value, err)
	}
	return r, nil
}

func (s *seeder) superuser() error {
	_, err := s.upsert(core.CollectionNameSuperusers, "email", DemoSuperuser, func(r *core.Record) {
		r.SetPassword(DemoPassword)
	})
	return err
}

func (s *seeder) staff() error {
	for _, u := range DemoUsers {
		role, err := s.app.FindFirstRecordByData("roles", "name", u.Role)
		if err != nil {
			return fmt.Errorf("seed: role %s: %w", u.Role, err)
		}
		r, err := s.upsert("users", "email", u.Email, func(r *core.Record) {
			r.Set("name", u.Name)
			r.Set("phone", "+502 5555 0000")
			r.Set("status", domain.Active)
			r.Set("roles", []string{role.Id})
			r.Set("verified", true)
			r.SetPassword(DemoPassword)
		})
		if err != nil {
			return err
		}
		s.users[u.Email] = r
	}
	return nil
}

func (s *seeder) catalog() error {
	s.rooms, s.items = map[string]*core.Record{}, map[string]*core.Record{}
	rooms := []struct{ code, name, status string }{
		{"R-MAIN", "Main studio", domain.Active},
		{"R-SET2", "Second set", domain.Active},
		{"R-PATIO", "Patio", domain.Maintenance},
	}
	for _, rm := range rooms {
		r, err := s.upsert("rooms", "code", rm.code, func(r *core.Record) {
			r.Set("name", rm.name)
			r.Set("capacity", 12)
			r.Set("status", rm.status)
		})
		if err != nil {
			return err
		}
		s.rooms[rm.code] = r
	}
	items := []struct {
		code, name, kind, measure string
		price                     float64
	}{
		{"DIG-10", "10 edited digital photos", "Digital Photo", "Package", 450},
		{"DIG-1", "Extra edited digital photo", "Digital Photo", "Unit", 35},
		{"PRT-8X10", "8x10 print", "Printed Photo", "Unit", 60},
		{"ALB-20", "20-page album", "Album", "Unit", 1200},
		{"VID-HR", "Video coverage", "Video", "Hour", 500},
		{"HR-PHOTO", "Photographer hour", "Service", "Hour", 300},
	}
	for _, it := range items {
		r, err := s.upsert("items", "code", it.code, func(r *core.Record) {
			r.Set("name", it.name)
			r.Set("item_type", it.kind)
			r.Set("unit_measure", it.measure)
			r.Set("unit_price", it.price)
			r.Set("default_quantity", 1)
		})
		if err != nil {
			return err
		}
		s.items[it.code] = r
	}
	packages := []struct {
		code, name, kind string
		price            float64
		days             int
		lines            map[string]float64
	}{
		{"PKG-PORTRAIT", "Studio portrait", domain.SessionTypeStudio, 850, 5, map[string]float64{"DIG-10": 1, "PRT-8X10": 2}},
		{"PKG-WEDDING", "Wedding day", domain.SessionTypeExternal, 9500, 20, map[string]float64{"HR-PHOTO": 8, "ALB-20": 1, "DIG-10": 5}},
		{"PKG-FAMILY", "Family session", domain.PackageTypeBoth, 1500, 7, map[string]float64{"DIG-10": 2, "PRT-8X10": 3}},
	}
	for _, p := range packages {
		pkg, err := s.upsert("packages", "code", p.code, func(r *core.Record) {
			r.Set("name", p.name)
			r.Set("session_type", p.kind)
			r.Set("base_price", p.price)
			r.Set("estimated_editing_days", p.days)
		})
		if err != nil {
			return err
		}
		order := 0
		for _, code := range sortedKeys(p.lines) {
			order++
			existing, _ := s.app.FindFirstRecordByFilter("package_items", "package = {:p} && item = {:i}",
				dbx.Params{"p": pkg.Id, "i": s.items[code].Id})
			if existing != nil {
				continue
			}
			c, err := s.app.FindCollectionByNameOrId("package_items")
			if err != nil {
				return err
			}
			pi := core.NewRecord(c)
			pi.Set("package", pkg.Id)
			pi.Set("item", s.items[code].Id)
			pi.Set("quantity", p.lines[code])
			pi.Set("display_order", order)
			if err := s.app.Save(pi); err != nil {
				return fmt.Errorf("seed package item %s/%s: %w", p.code, code, err)
			}
		}
	}
	return nil
}

func (s *seeder) clients() error {
	s.clientBy = map[string]*core.Record{}
	clients := []struct{ email, name, phone, kind string }{
		{"maria.lopez@example.com", "María López", "+502 5123 4567", domain.ClientIndividual},
		{"jose.perez@example.com", "José Pérez", "+502 5234 5678", domain.ClientIndividual},
		{"eventos@colegio.example.com", "Colegio San Marcos", "+502 2345 6789", domain.ClientInstitutional},
		{"lucia.garcia@example.com", "Lucía García", "+502 5345 6789", domain.ClientIndividual},
		{"rrhh@empresa.example.com", "Empresa Ejemplo S.A.", "+502 2456 7890", domain.ClientInstitutional},
	}
	for _, c := range clients {
		r, err := s.upsert("clients", "email", c.email, func(r *core.Record) {
			r.Set("full_name", c.name)
			r.Set("primary_phone", c.phone)
			r.Set("secondary_phone", "+502 4000 0000")
			r.Set("delivery_address", "Zona 10, Ciudad de Guatemala")
			r.Set("client_type", c.kind)
			r.Set("notes", "Demo client.")
		})
		if err != nil {
			return err
		}
		s.clientBy[c.email] = r
	}
	return nil
}

func sortedKeys(m map[string]float64) []string {
	return slices.Sorted(maps.Keys(m))
}
