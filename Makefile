# Quick start: `make demo` and `make test`. Both install what is missing on Debian 12 first.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

DEB_PACKAGES := cmake g++ make pkg-config python3 libgdal-dev gdal-bin libproj-dev libicu-dev \
                nlohmann-json3-dev libcli11-dev libmarisa-dev libsqlite3-dev libgtest-dev libgmock-dev

# The tests also need a PostgreSQL/PostGIS server and Node.js (for an independent GeoJSON validator).
TEST_PACKAGES := postgresql-15-postgis-3

.PHONY: deps test-deps build demo test bench gazetteer clean format

define install_missing
	@missing=""; for p in $(1); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$(2)" ] && ! command -v $(2) >/dev/null 2>&1; then missing="$$missing nodejs npm"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call install_missing,$(DEB_PACKAGES),)

test-deps: deps
	$(call install_missing,$(TEST_PACKAGES),npm)

build: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/mawqi run --in examples --out output
	ogrinfo -ro -al -so output/incidents.geojson | sed -n '1,12p'

test: test-deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Micro-benchmarks (Google Benchmark) and the corpus benchmark; numbers go to BENCHMARKS.md.
bench: deps
	$(call install_missing,libbenchmark-dev hyperfine,)
	cmake -S . -B $(BUILD) -DMAWQI_BUILD_BENCH=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	$(BUILD)/mawqi_bench
	bench/corpus.sh

# Regenerate gazetteer/*.geojson from ../shared/data (the results are committed).
gazetteer:
	python3 scripts/build_gazetteer.py

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD)
