# xdnasim top-level Makefile: a thin wrapper around CMake.
#
#   make run    install missing Debian packages, build, run the scenario library
#               (scenarios/library/*.yaml) and print its summary table
#   make test   install missing packages, build, run every test:
#               Check suites (CTest), the same suites under Valgrind memcheck,
#               and the AddressSanitizer+UBSan build
#   make bench  build and run the benchmarks (results in build/bench/*.json)
#   make coverage  gcov build, tests + scenario library, lcov/genhtml/gcovr/report
#               (results in build-cov/coverage/)
#
# Build directories: build/ (RelWithDebInfo), build-asan/ (sanitizers),
# build-cov/ (gcov).

MAKEFLAGS  += --no-print-directory
BUILD      ?= build
ASAN_BUILD ?= build-asan
COV_BUILD  ?= build-cov
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE      ?= cmake
CTEST      ?= ctest
CMAKE_ARGS ?=

.PHONY: all deps configure build run test test-unit test-asan bench coverage clean help

all: build

help:
	@sed -n '2,13p' Makefile

deps:
	@scripts/deps.sh

configure: deps
	@$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS) >/dev/null

build: configure
	@$(CMAKE) --build $(BUILD) -j$(JOBS)

# The scenario library; `xdnasim demo` stays available as a command.
run: build
	$(BUILD)/cli/xdnasim run --quiet scenarios/library/*.yaml

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

coverage: deps
	@scripts/coverage.sh $(COV_BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(COV_BUILD)
