# Shortcuts over CMake. `make run` and `make test` are the two commands a
# new user needs (see README.md); both install missing packages first.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DB ?= roadmap.db
CMAKE_FLAGS ?=

.PHONY: all deps build run test asan unit format format-check lint bench \
  bench-quick clean fuzz fuzz-build torture valgrind valgrind-cli

all: build

deps:
	@./scripts/deps.sh

$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: $(BUILD)/Makefile
	@cmake --build $(BUILD) -j $(JOBS)

# Load the bundled data into $(DB), then serve it at http://$(LISTEN)/ in
# the foreground (Ctrl-C stops it).
LISTEN ?= 127.0.0.1:8080
run: deps build
	@./scripts/run.sh $(BUILD)/mvroad $(DB) $(LISTEN)

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

# libFuzzer harnesses (fuzz/, docs/robustness.md): clang with
# ASan+UBSan, in their own build directory. `make fuzz FUZZ_SECONDS=N`
# runs each harness N seconds in turn; crash inputs go to fuzz/crashes/.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz-build:
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DMVR_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)

fuzz: fuzz-build
	./fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# The full fault-injection and crash loops (make test runs a reduced
# count), under ASan+UBSan+LSan.
torture:
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DMVR_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && MVR_FAULT_STRIDE=1 MVR_CRASH_RUNS=1000 \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -R 'fault|crash' --timeout 7200

# The unit tests and the corpus replays under valgrind memcheck (the plain
# build; the CLI scripts' children are covered by `make asan`), with
# reduced fault loops: valgrind is ~50x slower.
valgrind: build
	cd $(BUILD) && MVR_FAULT_STRIDE=499 MVR_CRASH_RUNS=3 MVR_TIME_FACTOR=50 ctest -T memcheck \
	  -j $(JOBS) -R 'unit/|fuzz/' --timeout 3000 \
	  --overwrite MemoryCheckCommandOptions="--leak-check=full --error-exitcode=99 --errors-for-leak-kinds=definite"

# The black-box suites (CLI scripts, golden files, PostgreSQL scenarios)
# with every mvroad process they start, servers included, under valgrind
# memcheck, in its own build directory. Excluded, with the reason: the
# crash tests (SIGKILL at random moments: a killed process cannot report),
# the timing-bound ones (pathological inputs' linear-cost bounds, web
# abuse's slowloris and throttling windows, the browser tests) and
# pg/concurrency (8 writers x 200 under valgrind: hours); `make asan` runs
# those under ASan+UBSan+LSan.
VG_BUILD ?= build-vg
VG_EXCLUDE ?= crash|pathological|web_abuse|browser|concurrency
valgrind-cli:
	@cmake -S . -B $(VG_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMVR_VALGRIND_CLI=ON >/dev/null
	@cmake --build $(VG_BUILD) -j $(JOBS)
	rm -rf $(VG_BUILD)/vg-logs && mkdir -p $(VG_BUILD)/vg-logs
	cd $(VG_BUILD) && MVR_VG_LOGS=$(CURDIR)/$(VG_BUILD)/vg-logs MVR_TIME_FACTOR=50 \
	  ctest --output-on-failure -j $(JOBS) -R 'cli/|golden|pg/' -E '$(VG_EXCLUDE)' --timeout 7200; \
	  rc=$$?; bad=$$(find vg-logs -type f -size +0 | wc -l); \
	  echo "valgrind-cli: $$(ls vg-logs | wc -l) mvroad processes, $$bad with memcheck reports"; \
	  find vg-logs -type f -size +0 -exec sh -c 'echo "== $$1"; head -40 "$$1"' sh {} \; ; \
	  [ $$rc -eq 0 ] && [ $$bad -eq 0 ]

format:
	clang-format -i include/*.h include/mvroad/*.h src/*/*.c src/*/*.h tests/unit/*.c tests/unit/*.h fuzz/*.c

format-check:
	clang-format --dry-run --Werror include/*.h include/mvroad/*.h src/*/*.c src/*/*.h

bench: build
	./bench/run.sh $(BUILD)

# The same benchmarks at small sizes: checks they run, in a few minutes.
bench-quick: build
	BENCH_QUICK=1 ./bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
