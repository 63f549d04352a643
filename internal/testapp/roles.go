package testapp

// The seeded role names (docs/rules.md §1), as the roles collection holds
// them. They are literals on purpose: a test that names a role states what
// it expects to find, so a renamed role in the live source fails the tests
// instead of following along.
const (
	RoleAdmin        = "Admin"
	RoleCoordinator  = "Coordinator"
	RolePhotographer = "Photographer"
	RoleEditor       = "Editor"
)
