# Studio: every target runs with the Go toolchain the module needs.
export GOTOOLCHAIN := go1.27.3

DATA ?= pb_data
HTTP ?= 127.0.0.1:8090
BIN  := bin/studio

.PHONY: run build test test-go test-e2e test-race vet lint bench clean

## run: build, seed the demo data (idempotent) and serve at http://$(HTTP)
run: build
	$(BIN) seed --demo --dir $(DATA)
	$(BIN) serve --dir $(DATA) --http $(HTTP)

## build: the single binary bin/studio
build:
	go build -o $(BIN) .

## test: the whole suite: vet, Go tests, then the JS SDK end-to-end tests
test: vet test-go test-e2e

test-go:
	go test -count=1 ./...

## test-e2e: the official PocketBase JS SDK against the real binary (Node >= 20).
## Outside CI a machine without Node skips it, saying so; CI never skips it.
test-e2e: build
	@if command -v node >/dev/null 2>&1; then \
		cd e2e && npm ci --no-audit --no-fund --loglevel=error && STUDIO_BIN=../$(BIN) npm test --silent; \
	elif [ -n "$$CI" ]; then \
		echo "test-e2e: node is required in CI" >&2; exit 1; \
	else \
		echo "test-e2e: SKIPPED, node (>= 20) is not installed; the Go suite above ran"; \
	fi

vet:
	go vet ./...

## lint: golangci-lint with .golangci.yml (gofmt, govet, staticcheck, unused,
## errcheck, misspell). Pinned and run with `go run pkg@version`, so its
## dependencies stay out of the module graph of the studio itself.
GOLANGCI_LINT := github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
lint:
	go run $(GOLANGCI_LINT) run ./...

## test-race: the race detector over the code that runs concurrently: the
## outbox worker (every notify test), and the tests that run requests or
## subscribers side by side; CI runs it after `make test`
test-race:
	go test -race -count=1 ./internal/notify/ ./tests/notify/
	go test -race -count=1 -run 'TestConcurrent|TestSessionCodes' ./tests/lifecycle/
	go test -race -count=1 -run 'TestRace|TestBatchHoldsTheRules|TestMovedSessionReachesRealtime' ./tests/scheduling/
	go test -race -count=1 -run Realtime ./tests/api/

## bench: benchmarks, printing ratios against plain PocketBase
bench:
	go test -run '^$$' -bench . -benchtime 2s ./...

clean:
	rm -rf bin e2e/node_modules
