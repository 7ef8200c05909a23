# Two commands do everything: `make run` and `make test`. The rest are their parts.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCALES := bot/locales

.PHONY: run test venv catalogs i18n model train lint eval bench clean

run: venv catalogs model
	$(PY) -m bot up

test: venv catalogs model
	$(VENV)/bin/ruff check bot actions tests bench
	$(VENV)/bin/mypy
	$(PY) -m bot validate
	$(PY) -m bot stories
	$(PY) -m pytest -p no:cacheprovider

venv: $(STAMP)

# Reinstall only when the pins change; pip's resolver is slow with Rasa's tree.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || { py=$$(scripts/find-python310.sh) && $$py -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade "pip==24.0"
	$(PY) -m pip install -q -c constraints.txt -e ".[dev]"
	@touch $@

# Compiled gettext catalogs are build output (.mo is git-ignored).
catalogs: venv
	@$(VENV)/bin/pybabel compile -d $(LOCALES) -D messages --statistics

# Re-extract every debtor-facing sentence and merge it into each locale's catalog.
i18n: venv
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ --no-location --omit-header -o $(LOCALES)/messages.pot bot actions
	$(VENV)/bin/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages --no-fuzzy-matching --ignore-obsolete
	$(MAKE) catalogs

# Train only when config.yml, domain.yml or data/ changed (content hash).
model: venv
	$(PY) -m bot train

train: venv
	$(PY) -m bot train --force

lint: venv
	$(VENV)/bin/ruff check bot actions tests bench
	$(VENV)/bin/ruff format --check bot actions tests bench scripts
	$(VENV)/bin/mypy

eval: venv
	$(PY) bench/nlu_eval.py

# The blind screening sets are measurements, not gates: they miss the targets (README),
# so their exit codes are ignored.
bench: venv
	$(PY) bench/plan_quotes.py
	$(PY) bench/signals_eval.py
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_2.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_3.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_4.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_5.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_6.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_7.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_8.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_9.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_10.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_11.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_12.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_13.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_14.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_15.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_16.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_17.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_18.yml
	-$(PY) bench/signals_eval.py --data tests/data/signals_fresh_19.yml

clean:
	rm -rf var models .rasa
