# Two commands: `make run` and `make test` (README). Both bootstrap .venv and the demo database.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
STAMP := $(VENV)/.geinstalleerd
DB_BESTAND := data/leefloonmonitor.db

.PHONY: run test venv db lint format bench clean cluster

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Built through the normal importer from data/demo/*.csv, only when missing and only for the
# embedded SQLite default (a LEEFLOONMONITOR_DB server is never rebuilt behind your back).
db: venv
	@if [ -z "$$LEEFLOONMONITOR_DB" ] && [ ! -f $(DB_BESTAND) ]; then \
		$(BIN)/leefloonmonitor demo; fi

run: db
	$(BIN)/streamlit run app.py --server.headless true --server.port $(PORT)

# Several replicas behind HAProxy and nginx on one PostgreSQL (docs/cluster.md); Ctrl-C stops all.
REPLICAS ?= 2
CLUSTER_PORT = $(if $(filter command line environment,$(origin PORT)),$(PORT),8080)
cluster: venv
	bash scripts/systeempakketten.sh
	$(BIN)/python deploy/cluster.py --replicas $(REPLICAS) --poort $(CLUSTER_PORT)

test: venv
	bash scripts/systeempakketten.sh
	bash scripts/test.sh

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: db
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) $(DB_BESTAND) $(DB_BESTAND)-wal $(DB_BESTAND)-shm test-artefacten
