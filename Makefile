# skillwage-docs — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
REGION ?= yangquan
OUT ?= build
# Fonts for the PDF route (static Noto CJK, not variable fonts; FandolFang, the 公文's 仿宋, comes
# only in texlive-lang-chinese, installed without recommends), HarfBuzz subsetting for the
# WeasyPrint fallback, poppler for the PDF checks in the tests.
SYSTEM_PACKAGES ?= fonts-noto-cjk fonts-lxgw-wenkai fonts-liberation2 texlive-lang-chinese libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils
# What the real-reader tests use (issue 6): a browser, LibreOffice, Java for the Nu HTML checker.
# .ci/run installs them; without them those tests skip locally and name what is missing.
TEST_PACKAGES ?= chromium libreoffice-writer-nogui libreoffice-calc-nogui default-jre-headless
NODE_TOOLS := tests/browser/node_modules/.package-lock.json
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup system-packages test-tools contracts validate site serve test test-fast lint bench fuzz clean
.PHONY: proofs approve-proofs

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,weasyprint]'
	@touch $@

system-packages: ## Install the system fonts and PDF tools (Debian/Ubuntu, as root)
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(SYSTEM_PACKAGES)"

test-tools: $(STAMP) system-packages ## Install what the browser/LibreOffice/validator tests need (CI does this)
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(TEST_PACKAGES)"
	@command -v npm >/dev/null || $(MAKE) --no-print-directory apt-install PACKAGES="nodejs npm"
	npm ci --prefix tests/browser --no-audit --no-fund --ignore-scripts --loglevel=error
	$(BIN)/python -m pip install --quiet -e '.[dask]'  # the Dask executor's test (tests/test_dask.py)

apt-install:
	@missing=""; \
	for pkg in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "安装系统软件包：$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
	  echo "缺少系统软件包：$$missing"; \
	  echo "请以 root 身份运行：apt-get install --no-install-recommends$$missing（或用 SKILLWAGE_FONT_DIRS 指向已有的 Noto CJK 字体目录）"; \
	  exit 2; \
	fi

setup: $(STAMP) system-packages ## Create .venv, install the package and the system packages

# A render stopping with exit 2 (input: fonts not found, a bad file) or 3 (engine) may be the
# machine's fault, so `doctor` then names what is missing and the command that installs it. Run
# after a failure, not before every render: it renders one agreement in each format and reads
# the fonts (2–10 s), and exit 1 (a figure at or below the minimum) is the data's fault, which
# the render has already located line by line.
contracts: setup ## Validate and render REGION's contracts, blank model texts, bargaining packet, compliance forms, liaison table and calendar into build/REGION/ (one build, one plan)
	$(BIN)/skillwage-docs render $(REGION) --out $(OUT) || { code=$$?; \
	  case $$code in 2|3) echo "生成未能完成（退出码 $$code），检查本机环境："; \
	    $(BIN)/skillwage-docs doctor --out $(OUT);; esac; exit $$code; }

site: setup ## Build the static site OUT/site/ (index, contract pages with PDF/DOCX, redlines)
	$(BIN)/skillwage-docs site $(if $(REGION),$(REGION),--all) --out $(OUT)

serve: setup ## Preview OUT/site/ on http://127.0.0.1:8000/ (run `make site` first)
	$(BIN)/skillwage-docs serve --out $(OUT)

validate: setup ## Validate REGION without writing anything
	$(BIN)/skillwage-docs validate $(REGION)

test: setup ## Run the whole test suite (what CI runs)
	$(BIN)/python -m pytest

test-fast: setup ## The quick loop while editing: every test but the slow ones (real readers, many documents)
	$(BIN)/python -m pytest -m "not slow" -q

lint: setup ## ruff and mypy
	$(BIN)/ruff check skillwage_docs tests benchmarks templates examples
	$(BIN)/mypy skillwage_docs

EXAMPLES ?= 5000
fuzz: setup ## Long fuzz campaign through the CLI (EXAMPLES cases): counts per input class and outcome
	$(BIN)/python benchmarks/fuzz_campaign.py --examples $(EXAMPLES) --jobs $$(nproc 2>/dev/null || echo 1)

proofs: setup ## Every page of REGION's outputs as images + a contact sheet per document in OUT/proofs/
	$(BIN)/python -m tests.visual.proofs --region $(REGION) --out $(OUT)/proofs

approve-proofs: setup ## Approve the current key pages as the visual test's references
	$(BIN)/python -m tests.visual.approve

bench: setup ## Time our pipeline against the bare engines
	$(BIN)/python benchmarks/bench_render.py

clean: ## Remove build outputs
	rm -rf $(OUT)
