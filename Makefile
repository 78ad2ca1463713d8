# Shortcuts over CMake. `make run` and `make test` are the two commands a
# new user needs (see README.md); both install missing packages first.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DB ?= roadmap.db
CMAKE_FLAGS ?=

.PHONY: all deps build run test asan unit format format-check lint bench bench-quick clean

all: build

deps:
	@./scripts/deps.sh

$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: $(BUILD)/Makefile
	@cmake --build $(BUILD) -j $(JOBS)

# Load the bundled data into $(DB) and print the roadmap.
run: deps build
	@./scripts/run.sh $(BUILD)/mvroad $(DB)

# Every test: lint, unit, golden and CLI tests, then all again under
# ASan+UBSan.
test: deps build lint
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) asan

unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan:
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DMVR_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

lint:
	@./scripts/lint.sh

format:
	clang-format -i include/*.h src/*/*.c src/*/*.h tests/unit/*.c tests/unit/*.h

format-check:
	clang-format --dry-run --Werror include/*.h src/*/*.c src/*/*.h

bench: build
	./bench/run.sh $(BUILD)

# The same benchmarks at small sizes: checks they run, in a few minutes.
bench-quick: build
	BENCH_QUICK=1 ./bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
