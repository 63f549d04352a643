// Command plainpb is PocketBase with nothing added: no studio hooks, no
// studio migrations, no jobs. The soak (tests/perf/soak_test.go) starts it
// on a copy of the same 100,000-session data dir as the studio server, as
// the plain PocketBase baseline of the server's memory.
package main

import (
	"log"

	"github.com/pocketbase/pocketbase"
)

func main() {
	if err := pocketbase.New().Start(); err != nil {
		log.Fatal(err)
	}
}
