// Package pbpublic embeds the staff web app served at /.
package pbpublic

import "embed"

// FS holds the web app's static files.
//
//go:embed *.html *.js *.css
var FS embed.FS
