# The two commands of the README: `make app` and `make test`.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
PORT    ?= $(or $(DISCOVERY_PORT),8501)
STAMP   := $(VENV)/.installed

.PHONY: app test install demo clean-venv

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstall only when the requirements change.
$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt requirements-nodeps.txt pyproject.toml
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -r requirements-nodeps.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Builds the demo library and its search indexes once (DISCOVERY_HOME, default ./data/library),
# then serves the app. Both steps are idempotent; the stamp only saves the check on later starts.
demo: install
	@if [ ! -f "$${DISCOVERY_HOME:-data/library}/.demo-built" ]; then \
		$(BIN)/discovery demo && $(BIN)/discovery index build && \
		touch "$${DISCOVERY_HOME:-data/library}/.demo-built"; \
	fi

app: demo
	$(BIN)/discovery app --port $(PORT)

test: install
	$(BIN)/python -m pytest -q

clean-venv:
	rm -rf $(VENV)
