package guard

import (
	"regexp"
	"strings"

	"github.com/studio/studio/internal/domain"
)

// legacyBackRelation is the older spelling PocketBase still expands:
// <collection>(<field>).
var legacyBackRelation = regexp.MustCompile(`^(\w+)\((\w+)\)$`)

// ExpandPaths splits an expand parameter as PocketBase does: on commas,
// without spaces, without leading or trailing dots, empty paths dropped.
func ExpandPaths(expand string) []string {
	var out []string
	for _, p := range strings.Split(expand, ",") {
		p = strings.Trim(strings.ReplaceAll(p, " ", ""), ".")
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Expand enforces the bound on what an expand costs: a back-relation
// (records pointing back, any number of them) may only be the first step
// of a path. First, every record it expands belongs to one listed record,
// so a page never holds more expanded records than the tables it reads;
// after a relation or another back-relation, the same records would be
// expanded again under every record that shares the relation, which is
// how one request grew to 1.4 GB. A path beyond the bound answers 400
// VALIDATION_ERROR on "expand".
func Expand(expand string) error {
	for _, path := range ExpandPaths(expand) {
		for i, step := range strings.Split(path, ".") {
			if i > 0 && (backRelation.MatchString(step) || legacyBackRelation.MatchString(step)) {
				return domain.Invalid("expand",
					"%q expands the back-relation %s after another step; a back-relation may only be the first step of an expand.", path, step).
					With("path", path)
			}
		}
	}
	return nil
}
