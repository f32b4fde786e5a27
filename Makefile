# Quick start: `make demo` and `make test`. Both install what is missing on Debian 12 first.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

DEB_PACKAGES := cmake g++ make pkg-config python3 libgdal-dev gdal-bin libproj-dev libicu-dev \
                nlohmann-json3-dev libcli11-dev libmarisa-dev libgtest-dev libgmock-dev

.PHONY: deps build demo test gazetteer clean format

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/mawqi run --in examples --out output
	ogrinfo -ro -al -so output/incidents.geojson | sed -n '1,12p'

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Regenerate gazetteer/*.geojson from ../shared/data (the results are committed).
gazetteer:
	python3 scripts/build_gazetteer.py

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD)
