# Studio: every target runs with the Go toolchain the module needs.
export GOTOOLCHAIN := go1.27.3

DATA ?= pb_data
HTTP ?= 127.0.0.1:8090
BIN  := bin/studio

.PHONY: run build ui check-ui test test-go test-e2e test-browser test-race vet lint bench soak clean

# The web app's sources; pb_public/ holds their committed build.
UI_SRC := $(shell find ui/src -type f 2>/dev/null) ui/index.html ui/vite.config.js ui/package.json ui/package-lock.json

## run: build, seed the demo data (idempotent) and serve at http://$(HTTP)
run: build
	$(BIN) seed --demo --dir $(DATA)
	$(BIN) serve --dir $(DATA) --http $(HTTP)

## build: the single binary bin/studio (the web app rebuilt first when ui/ changed)
build: ui
	go build -o $(BIN) .

## ui: rebuild pb_public/ from ui/ when the sources are newer than the build
## (needs Node >= 20.19); without Node the committed build is used, saying so.
ui: pb_public/app.js

pb_public/app.js: $(UI_SRC)
	@if command -v npm >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory ui/node_modules/.package-lock.json && cd ui && npm run build --silent; \
	else \
		echo "ui: node is not installed; using the committed build in pb_public/"; \
	fi

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund --loglevel=error

## check-ui: fails if the committed pb_public/ is not the build of ui/ (CI)
check-ui:
	cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent
	@git diff --exit-code --stat -- pb_public && test -z "$$(git status --porcelain -- pb_public)" || \
		{ echo "check-ui: pb_public/ is stale: run make ui and commit pb_public/" >&2; exit 1; }

## test: the whole suite: vet, Go tests, the JS SDK end-to-end tests, then the browser suite
test: vet test-go test-e2e test-browser

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

## test-browser: the web app in Debian's Chromium (playwright-core, axe-core)
## against the real binary; screenshots in e2e/screenshots/. Outside CI a
## machine without Node or Chromium skips it, saying so; CI never skips it.
test-browser: build
	@if command -v node >/dev/null 2>&1 && [ -x "$${CHROMIUM:-/usr/bin/chromium}" ]; then \
		cd e2e && npm ci --no-audit --no-fund --loglevel=error && STUDIO_BIN=../$(BIN) npm run test:browser --silent; \
	elif [ -n "$$CI" ]; then \
		echo "test-browser: node and chromium are required in CI" >&2; exit 1; \
	else \
		echo "test-browser: SKIPPED, node (>= 20) or /usr/bin/chromium is missing; the other suites ran"; \
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
## outbox worker, the mirror's sync, and the packages whose tests run in
## parallel and send requests side by side (tests/api: its realtime tests
## only, the rest of it repeats the same hooks); CI runs it after `make test`
test-race:
	go test -race -count=1 ./internal/notify/ ./internal/mirror/ ./tests/notify/ ./tests/lifecycle/ ./tests/scheduling/ ./tests/mirror/
	go test -race -count=1 -run Realtime ./tests/api/

## bench: the writes' benchmarks, then the load tests at 100,000 sessions
## (lists, realtime fan-out, the soak; then availability), printed as one table
## of figure, plain PocketBase baseline, ratio, target, met
## (docs/performance.md). tests/perf seeds its 100k sessions once and keeps
## them under $TMPDIR/studio-bench-cache/ for the next runs. The raw output
## stays in $(BENCH_OUT); a failed test fails the target after the table.
BENCH_OUT ?= $(or $(TMPDIR),/tmp)/studio-bench.txt
bench:
	@date +%s > $(BENCH_OUT).start
	go test -run '^$$' -bench 'BenchmarkLifecycle|BenchmarkOperations' -benchtime 300x ./tests/lifecycle/ 2>&1 | tee $(BENCH_OUT)
	STUDIO_LOAD=1 go test -count=1 -run 'TestListLoad|TestRealtime|TestSoak' -v -timeout 30m ./tests/perf/ 2>&1 | tee -a $(BENCH_OUT)
	STUDIO_LOAD=1 go test -count=1 -run '^TestAvailabilityBench$$' -v -timeout 10m ./tests/scheduling/ 2>&1 | tee -a $(BENCH_OUT)
	@awk -f tests/perf/bench_table.awk $(BENCH_OUT)
	@echo "bench: $$(( $$(date +%s) - $$(cat $(BENCH_OUT).start) )) s; raw output in $(BENCH_OUT)"
	@rm -f $(BENCH_OUT).start
	@! grep -q '^\(FAIL\|--- FAIL\|panic:\)' $(BENCH_OUT) || { echo "bench: a test failed, see $(BENCH_OUT)" >&2; exit 1; }

## soak: the soak alone: STUDIO_SOAK (default 5m) of mixed load by several roles on
## the studio binary and on plain PocketBase at 100,000 sessions, with
## throughput, errors, p95 per operation and the servers' RSS over time
soak:
	STUDIO_LOAD=1 go test -count=1 -run TestSoak -v -timeout 30m ./tests/perf/

clean:
	rm -rf bin e2e/node_modules e2e/screenshots ui/node_modules
