# diachi-geo: `make demo` and `make test` install what they need, then run.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
.DEFAULT_GOAL := help

SYSTEM_PYTHON := /usr/bin/python3
VENV_LIB := .venv-lib
VENV_QGIS := .venv-qgis
SAMPLE := sample/sample.gpkg
DEMO := demo-output
LANG_DEMO ?=

# headless QGIS: no display, Debian's PROJ data (the QGIS venv uses Debian's pyproj)
QGIS_ENV := QT_QPA_PLATFORM=offscreen QGIS_PREFIX_PATH=/usr PROJ_DATA=/usr/share/proj \
	XDG_RUNTIME_DIR=/tmp/runtime-$$(id -u) PYTHONDONTWRITEBYTECODE=1
QGIS_PY := $(QGIS_ENV) $(VENV_QGIS)/bin/python

.PHONY: help system demo test test-lib test-qgis package sample styles lint bench clean screenshot models

help:
	@echo "make demo     validate the bundled sample, write findings and a map ($(DEMO)/)"
	@echo "make test     library tests (plain Python) and headless QGIS tests"
	@echo "make package  build the QGIS plugin zip (dist/diachi.zip)"
	@echo "make bench    province-scale benchmark against QGIS and shapely (BENCH_N=100000)"
	@echo "make sample   regenerate $(SAMPLE) from the generator"

system:
	@bash tools/ensure-system.sh

# Library tier: a venv with no system packages, current PyPI wheels, QGIS not importable.
$(VENV_LIB)/.installed: pyproject.toml | system
	@test -x $(VENV_LIB)/bin/python || $(SYSTEM_PYTHON) -m venv $(VENV_LIB)
	@$(VENV_LIB)/bin/pip install -q --disable-pip-version-check --upgrade -e '.[test,arrow,dask]' ruff \
		2>&1 | { grep -v "^WARNING: Location" || true; }
	@touch $@

# QGIS tier: Debian's QGIS, GDAL and numpy, plus shapely 2 held to Debian's numpy and built
# from source against Debian's GEOS: a wheel's bundled GEOS 3.13 clashes with the GEOS 3.11
# that the QGIS programs load first, and qgis_process crashed in shapely.contains_xy.
# pyarrow below 21: the last releases that run on Debian's numpy 1.24.
$(VENV_QGIS)/.installed: pyproject.toml Makefile | system
	@test -x $(VENV_QGIS)/bin/python || $(SYSTEM_PYTHON) -m venv --system-site-packages $(VENV_QGIS)
	@echo "numpy==$$($(SYSTEM_PYTHON) -c 'import numpy; print(numpy.__version__)')" > $(VENV_QGIS)/constraints.txt
	@test "$$($(VENV_QGIS)/bin/python -c 'import shapely; print(*shapely.geos_version, sep=".")' 2>/dev/null)" \
		= "$$(geos-config --version)" || $(VENV_QGIS)/bin/pip install -q --disable-pip-version-check --force-reinstall --no-deps \
		--no-binary shapely -c $(VENV_QGIS)/constraints.txt "shapely>=2,<2.2" 2>&1 \
		| { grep -v -e "^WARNING: Location" -e "^DEPRECATION" || true; }
	@$(VENV_QGIS)/bin/pip install -q --disable-pip-version-check -c $(VENV_QGIS)/constraints.txt \
		-e '.[test,arrow,dask]' "pyarrow<21" pytest-qgis==5.0.2 2>&1 | { grep -v "^WARNING: Location" || true; }
	@touch $@

# pygeoapi, the OGC API - Features server the publish tests start (kept out of both other
# environments: it pulls its own numpy, shapely and Flask)
VENV_PYGEOAPI := .venv-pygeoapi
$(VENV_PYGEOAPI)/.installed: | system
	@test -x $(VENV_PYGEOAPI)/bin/python || $(SYSTEM_PYTHON) -m venv $(VENV_PYGEOAPI)
	@$(VENV_PYGEOAPI)/bin/pip install -q --disable-pip-version-check "pygeoapi>=0.20" 2>&1 \
		| { grep -v "^WARNING: Location" || true; }
	@touch $@

demo: $(VENV_QGIS)/.installed
	@mkdir -p $(DEMO)
	@$(QGIS_PY) -m diachi_geo validate "$(SAMPLE)|layername=points" \
		--communes "$(SAMPLE)|layername=communes" --buildings "$(SAMPLE)|layername=buildings" \
		--roads "$(SAMPLE)|layername=roads" --water "$(SAMPLE)|layername=water" \
		--entrances "$(SAMPLE)|layername=entrances" \
		--out $(DEMO)/findings.gpkg $(if $(LANG_DEMO),--lang $(LANG_DEMO))
	@$(QGIS_PY) tools/render_map.py --sample $(SAMPLE) --findings $(DEMO)/findings.gpkg \
		--out $(DEMO)/map.png $(if $(LANG_DEMO),--lang $(LANG_DEMO))
	@rm -f $(DEMO)/session.gpkg  # the demo's own output: a fresh session each run
	@$(QGIS_PY) -m diachi_geo session create "$(SAMPLE)|layername=points" \
		--communes "$(SAMPLE)|layername=communes" --buildings "$(SAMPLE)|layername=buildings" \
		--roads "$(SAMPLE)|layername=roads" --water "$(SAMPLE)|layername=water" \
		--entrances "$(SAMPLE)|layername=entrances" --out $(DEMO)/session.gpkg \
		$(if $(LANG_DEMO),--lang $(LANG_DEMO))
	@$(QGIS_PY) -m diachi_geo report progress $(DEMO)/session.gpkg --out $(DEMO)/progress.xlsx \
		--html $(DEMO)/progress.html $(if $(LANG_DEMO),--lang $(LANG_DEMO))
	@$(QGIS_PY) -m diachi_geo report quality $(DEMO)/session.gpkg --out $(DEMO)/collectors.xlsx \
		--html $(DEMO)/collectors.html $(if $(LANG_DEMO),--lang $(LANG_DEMO))
	@$(QGIS_PY) -m diachi_geo report handover $(DEMO)/session.gpkg --commune 15007 \
		--include-unconfirmed --out $(DEMO)/handover $(if $(LANG_DEMO),--lang $(LANG_DEMO))
	@# a reference file as an officer builds one: here from sources made from the sample
	@$(QGIS_PY) -m diachi_geo reference sources $(SAMPLE) --out $(DEMO)/sources > /dev/null
	@rm -f $(DEMO)/reference.gpkg
	@$(QGIS_PY) -m diachi_geo reference build --area "$(SAMPLE)|layername=communes" \
		--osm $(DEMO)/sources/extract.osm.pbf \
		--buildings-csv $(DEMO)/sources/open_buildings.csv.gz \
		--buildings-geojsonl $(DEMO)/sources/ms_buildings.geojsonl --out $(DEMO)/reference.gpkg
	@echo "Open $(DEMO)/map.png and the HTML reports, or load $(DEMO)/session.gpkg in QGIS."

test: test-lib test-qgis

test-lib: $(VENV_LIB)/.installed $(VENV_PYGEOAPI)/.installed lint
	@$(VENV_LIB)/bin/python -m pytest -q -p no:cacheprovider --doctest-modules \
		lib/diachi_geo tests/lib

# the tests' QGIS authentication database lives apart from any real profile's
test-qgis: $(VENV_QGIS)/.installed $(VENV_PYGEOAPI)/.installed package
	@QGIS_AUTH_DB_DIR_PATH=$$(mktemp -d) $(QGIS_PY) -m pytest -q -p no:cacheprovider tests/qgis

package: $(VENV_QGIS)/.installed
	@$(QGIS_PY) tools/package.py

# BENCH_N=1000000 make bench for the full province (about 25 minutes); BENCH_REPEATS and
# BENCH_PUBLISH_N (default 2,000 points) make it longer or shorter
# BENCH_PROVINCES=4 adds several provinces of BENCH_N points each: the single process
# against --engine dask --workers 2, the points read by the parts (the default), then
# where the run starts (tools/bench_provinces.py)
bench: $(VENV_QGIS)/.installed $(VENV_LIB)/.installed package
	@$(QGIS_PY) tools/bench.py --n $${BENCH_N:-100000} --out bench-output
	@if [ -n "$${BENCH_PROVINCES}" ]; then $(VENV_LIB)/bin/python tools/bench_provinces.py \
		--provinces $${BENCH_PROVINCES} --n $${BENCH_N:-100000} --out bench-output; fi

# the bundled Processing models, written with the QGIS API
models: $(VENV_QGIS)/.installed
	@QT_HASH_SEED=0 $(QGIS_PY) tools/make_models.py

# the README's screenshot of the review dock: the real QGIS desktop under Xvfb at 1366x768,
# in Vietnamese, over local tiles, taken during the officer's walk (tests/qgis/desktop_walk.py)
screenshot: $(VENV_QGIS)/.installed package
	@DIACHI_UPDATE_DOCS=1 $(QGIS_PY) -m pytest -q -p no:cacheprovider \
		tests/qgis/test_desktop_walk.py -k screenshot

sample: $(VENV_QGIS)/.installed
	@$(QGIS_PY) -m diachi_geo sample --out $(SAMPLE) --points 2000

styles: $(VENV_QGIS)/.installed
	@QT_HASH_SEED=0 $(QGIS_PY) tools/make_styles.py  # fixed attribute order: stable diffs

lint: $(VENV_LIB)/.installed
	@$(VENV_LIB)/bin/ruff check lib tests tools plugin processing

clean:
	rm -rf dist $(DEMO) build
