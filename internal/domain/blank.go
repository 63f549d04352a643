package domain

import (
	"strings"
	"unicode"
)

// Blank reports whether s says nothing a reader can see: empty, or made
// only of white space (no-break and ideographic spaces included), format
// characters (zero-width space and joiners, word joiner, byte order mark)
// and control characters. A reason or note required by docs/rules.md §4.1
// must not be Blank.
func Blank(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r) && !unicode.IsControl(r)
	}) < 0
}
