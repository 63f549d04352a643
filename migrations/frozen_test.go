package migrations_test

import (
	"go/build"
	"strings"
	"testing"
)

// TestMigrationsImportNoStudioCode: the migrations are frozen history, so
// they import no package of this module. A migration that called live code
// (a rule builder, a query helper, the settings defaults) would do
// something else on a fresh database each time that code changed. Checking
// the direct imports is enough: Go's internal rule keeps every package
// outside this module from importing internal/, so a dependency on
// internal/ can only come through a direct import of this module.
func TestMigrationsImportNoStudioCode(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatalf("read the migrations package: %v", err)
	}
	if len(pkg.GoFiles) == 0 {
		t.Fatal("no Go files found: the check would prove nothing")
	}
	for _, path := range pkg.Imports {
		if path == "github.com/studio/studio" || strings.HasPrefix(path, "github.com/studio/studio/") {
			t.Errorf("migrations import %s; copy the values they need into the migration as literals", path)
		}
	}
}
