# Studio: every target runs with the Go toolchain the module needs.
export GOTOOLCHAIN := go1.27.3

DATA ?= pb_data
HTTP ?= 127.0.0.1:8090
BIN  := bin/studio

.PHONY: run build test test-go vet bench clean

## run: build, seed the demo data (idempotent) and serve at http://$(HTTP)
run: build
	$(BIN) seed --demo --dir $(DATA)
	$(BIN) serve --dir $(DATA) --http $(HTTP)

## build: the single binary bin/studio
build:
	go build -o $(BIN) .

## test: the whole suite (vet, Go tests)
test: vet test-go

test-go:
	go test -count=1 ./...

vet:
	go vet ./...

## bench: benchmarks, printing ratios against plain PocketBase
bench:
	go test -run '^$$' -bench . -benchtime 2s ./...

clean:
	rm -rf bin
