# xdnasim top-level Makefile: a thin wrapper around CMake.
#
#   make run    install missing Debian packages, build, run the scenario library
#               (scenarios/library/*.yaml) and print its summary table
#   make test   install missing packages, build, run every test:
#               Check suites (CTest), the same suites under Valgrind memcheck,
#               and the AddressSanitizer+UBSan build
#   make bench  build and run the benchmarks (results in build/bench/*.json)
#   make fuzz-valgrind   every fuzz target under memcheck, bounded (FUZZ_N inputs)
#   make fuzz-libfuzzer  clang libFuzzer+ASan+UBSan targets, FUZZ_SECONDS each
#   make fuzz-afl        AFL++ persistent-mode targets (if afl++ is installed)
#   make coverage  gcov build, tests + scenario library, lcov/genhtml/gcovr/report
#               (results in build-cov/coverage/)
#
# Build directories: build/ (RelWithDebInfo), build-asan/ (sanitizers),
# build-cov/ (gcov), build-fuzz/ (libFuzzer), build-afl/ (AFL++).

MAKEFLAGS  += --no-print-directory
BUILD      ?= build
ASAN_BUILD ?= build-asan
COV_BUILD  ?= build-cov
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE      ?= cmake
CTEST      ?= ctest
CMAKE_ARGS ?=

.PHONY: all deps configure build run test test-unit test-asan bench coverage clean help \
	fuzz-valgrind fuzz-libfuzzer fuzz-afl

all: build

help:
	@sed -n '2,17p' Makefile

deps:
	@scripts/deps.sh

configure: deps
	@$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS) >/dev/null

build: configure
	@$(CMAKE) --build $(BUILD) -j$(JOBS)

# The scenario library; `xdnasim demo` stays available as a command.  The
# build is quiet: its log is printed only when it fails.
XDNASIM_BIN = $(BUILD)/cli/xdnasim
run: configure
	@$(CMAKE) --build $(BUILD) -j$(JOBS) >$(BUILD)/build.log 2>&1 || { cat $(BUILD)/build.log; \
		echo "make run: the build failed (log above and in $(BUILD)/build.log)"; exit 1; }
	@$(XDNASIM_BIN) run --quiet scenarios/library/*.yaml; rc=$$?; echo; \
	echo "next: $(XDNASIM_BIN) run scenarios/library/worked_example.yaml   # one scenario, step by step"; \
	echo "      $(XDNASIM_BIN) run --json w.json scenarios/library/worked_example.yaml && $(XDNASIM_BIN) report w.json -o r.json --html html/   # its HTML report: html/index.html"; \
	exit $$rc

# Unit suites and their memcheck twins run in the main build; the sanitizer
# build runs the same suites again (memcheck cannot run under ASan).
test: build
	$(CTEST) --test-dir $(BUILD) --output-on-failure -j$(JOBS)
	@$(MAKE) --no-print-directory test-asan

test-unit: build
	$(CTEST) --test-dir $(BUILD) --output-on-failure -j$(JOBS) -LE memcheck

test-asan: deps
	@$(CMAKE) -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DXDNASIM_SANITIZE=ON $(CMAKE_ARGS) >/dev/null
	@$(CMAKE) --build $(ASAN_BUILD) -j$(JOBS)
	$(CTEST) --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS) -LE memcheck

bench: build
	@mkdir -p $(BUILD)/bench
	$(CMAKE) --build $(BUILD) --target bench

# Fuzzing (docs/fuzzing.md).  fuzz-valgrind runs the standalone replay
# program (gcc, the normal build) under memcheck: the committed corpus, then
# a seeded campaign of FUZZ_N inputs per target (sim inputs are longer: a
# fifth of that).  fuzz-libfuzzer builds build-fuzz/ with clang
# -fsanitize=fuzzer,address,undefined and runs each target FUZZ_SECONDS.
FUZZ_BUILD   ?= build-fuzz
FUZZ_N       ?= 200
FUZZ_SECONDS ?= 60
FUZZ_SEED    ?= 1
FUZZ_TARGETS ?= mm heap sim proto scenario
VALGRIND     ?= valgrind --quiet --error-exitcode=1 --leak-check=full \
	--show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible

fuzz-valgrind: build
	@set -e; for t in $(FUZZ_TARGETS); do \
		n=$(FUZZ_N); [ $$t = sim ] && n=$$(( $(FUZZ_N) / 5 + 1 )); \
		echo "== $$t: corpus, then $$n seeded inputs under memcheck"; \
		$(VALGRIND) $(BUILD)/fuzz/fuzz_replay $$t tests/fuzz/corpus/$$t >/dev/null; \
		$(VALGRIND) $(BUILD)/fuzz/fuzz_replay $$t --seed $(FUZZ_SEED) --iterations $$n; \
	done

fuzz-libfuzzer: deps
	@$(CMAKE) -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DXDNASIM_LIBFUZZER=ON -DXDNASIM_VALGRIND=OFF $(CMAKE_ARGS) >/dev/null
	@$(CMAKE) --build $(FUZZ_BUILD) -j$(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/artifacts; \
		echo "== $$t: libFuzzer for $(FUZZ_SECONDS) s"; \
		$(FUZZ_BUILD)/fuzz/fuzz_$$t -seed=$(FUZZ_SEED) -max_total_time=$(FUZZ_SECONDS) \
			-print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- \
			$(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t; \
	done

# AFL++ is optional: without afl-clang-fast this target says so and succeeds.
AFL_BUILD ?= build-afl
fuzz-afl: deps
	@if ! command -v afl-clang-fast >/dev/null; then \
		echo "fuzz-afl: afl-clang-fast not found (Debian package afl++); skipped"; exit 0; fi; \
	set -e; \
	$(CMAKE) -S . -B $(AFL_BUILD) -DCMAKE_C_COMPILER=afl-clang-fast -DXDNASIM_AFL=ON \
		-DXDNASIM_VALGRIND=OFF $(CMAKE_ARGS) >/dev/null; \
	$(CMAKE) --build $(AFL_BUILD) -j$(JOBS) --target $(addprefix afl_,$(FUZZ_TARGETS)); \
	for t in $(FUZZ_TARGETS); do \
		echo "== $$t: AFL++ for $(FUZZ_SECONDS) s"; mkdir -p $(AFL_BUILD)/out; \
		AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
		afl-fuzz -V $(FUZZ_SECONDS) -s $(FUZZ_SEED) -i tests/fuzz/corpus/$$t \
			-o $(AFL_BUILD)/out/$$t -- $(AFL_BUILD)/fuzz/afl_$$t; \
	done

coverage: deps
	@scripts/coverage.sh $(COV_BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(COV_BUILD) $(FUZZ_BUILD) $(AFL_BUILD)
