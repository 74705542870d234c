# gongkai — two commands on a fresh machine:
#   make run    creates .venv, installs, migrates the SQLite database, loads demo data, serves on 127.0.0.1:8000
#   make test   creates .venv if needed, installs, runs the whole test suite
# DATABASE_URL selects another database (e.g. postgres://postgres@127.0.0.1:5432/test).

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install demo bench clean help

help:
	@echo "make run   — 启动平台（SQLite，含演示数据）：http://$(HOST):$(PORT)/"
	@echo "make test  — 运行全部测试"
	@echo "make bench — 运行性能基准（bench/）"

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11（$(PYTHON)）" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run:
	scripts/system-deps.sh run
	$(MAKE) --no-print-directory install
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai demo
	$(BIN)/gongkai requests tick
	@echo ""
	@echo "平台地址：http://$(HOST):$(PORT)/    （工作人员登录：http://$(HOST):$(PORT)/accounts/login/）"
	@echo ""
	$(BIN)/gongkai runserver $(HOST):$(PORT)

test:
	scripts/system-deps.sh test
	$(MAKE) --no-print-directory install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	for b in bench/*_bench.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
