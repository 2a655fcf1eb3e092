# reviewops: `make up` runs the stack with the sample reviews, `make test` runs every test.
# Everything the project installs or writes stays under .local/ (git-ignored).

PYTHON ?= python3.11
UV_VERSION := 0.13.9
LOCAL := $(CURDIR)/.local
VENV := $(LOCAL)/venv
UV := $(LOCAL)/bootstrap/bin/uv
export UV_CACHE_DIR := $(LOCAL)/uv-cache
export UV_PROJECT_ENVIRONMENT := $(VENV)
# uv must use this machine's Python, never download one.
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON_PREFERENCE := only-system

.PHONY: install up down status test faults eval train bench bench-parts ops-tools manifests

$(UV):
	$(PYTHON) -m venv $(LOCAL)/bootstrap
	$(LOCAL)/bootstrap/bin/pip install --quiet uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --locked --python $(PYTHON)

up: install
	$(VENV)/bin/python -m reviewops.devstack up

down:
	@if [ -x $(VENV)/bin/python ]; then $(VENV)/bin/python -m reviewops.devstack down; else echo "nothing installed, nothing running"; fi

status: install
	$(VENV)/bin/python -m reviewops.devstack status

# The console's browser test drives Debian's chromium through Playwright (no browser download).
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# The deployment checks (tests/ops) need kustomize and the Compose Specification's JSON schema,
# both from the Go module proxy. The Go path, module and build caches and Go's own config dir
# (telemetry) stay under .local/; each version gets its own folder, so a new pin rebuilds.
KUSTOMIZE_VERSION := v5.8.1
COMPOSE_GO_VERSION := v2.16.2
GO_ENV := GOPATH=$(LOCAL)/go GOMODCACHE=$(LOCAL)/go/mod GOCACHE=$(LOCAL)/go/cache XDG_CONFIG_HOME=$(LOCAL)/go/config
KUSTOMIZE := $(LOCAL)/tools/kustomize-$(KUSTOMIZE_VERSION)/kustomize
COMPOSE_SPEC := $(LOCAL)/go/mod/github.com/compose-spec/compose-go/v2@$(COMPOSE_GO_VERSION)/schema/compose-spec.json

$(KUSTOMIZE):
	$(GO_ENV) GOBIN=$(dir $(KUSTOMIZE)) go install sigs.k8s.io/kustomize/kustomize/v5@$(KUSTOMIZE_VERSION)

$(COMPOSE_SPEC):
	$(GO_ENV) go mod download -json github.com/compose-spec/compose-go/v2@$(COMPOSE_GO_VERSION) >/dev/null

ops-tools: $(KUSTOMIZE) $(COMPOSE_SPEC)

# Rewrites the generated manifests in deploy/k8s from the topic registry (tests/ops fails on drift).
manifests: install
	$(VENV)/bin/python deploy/k8s/generate.py

test: install $(CHROMIUM) ops-tools
	$(VENV)/bin/python -m pytest

# The HTTP load tool of the ingest API benchmark, from Debian's packages.
WRK := /usr/bin/wrk

$(WRK):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk

# Starts its own stack (ports 28001-28004, Kafka 29092, .local/bench), fresh; the last line it
# prints is one JSON object with the figures (docs/performance.md).
bench: install $(WRK)
	$(VENV)/bin/python bench/pipeline.py

# File imports (docs/imports.md): 100,000-row feedback and returns reports, on its own bench stack.
.PHONY: bench-imports
bench-imports: install
	$(VENV)/bin/python bench/imports.py

# The component benchmarks of docs/benchmarks.md, against the `make up` stack.
bench-parts: up
	$(VENV)/bin/python bench/post_to_draft.py 50
	$(VENV)/bin/python bench/compliance_checks.py 5
	$(VENV)/bin/python bench/classifier.py 10
	$(VENV)/bin/python bench/drafts_quality.py

eval: install
	$(VENV)/bin/python -m reviewops.compliance evaluate \
	  --real-messages services/compliance/data/real/labels.jsonl \
	  --test-split "Adversarial set, author H (frozen test)" services/compliance/data/adversarial/authh.jsonl \
	  --test-split "Adversarial set, author K (written after the gate's changes, scored once)" services/compliance/data/adversarial/authk.jsonl \
	  --card services/compliance/src/reviewops/compliance/model/card.json \
	  --split "Synthetic test split" services/compliance/eval/test.jsonl \
	  --split "Synthetic development split" services/compliance/eval/dev.jsonl \
	  --split "Synthetic development split 2 (weak rules)" services/compliance/eval/dev2.jsonl \
	  --split "Adversarial set, author F (training data of the rule model)" services/compliance/data/adversarial/authf.jsonl \
	  --split "Adversarial set, author G (training data of the rule model)" services/compliance/data/adversarial/authg.jsonl \
	  --split "Adversarial set, author I (training data of the rule model, development set of the cues)" services/compliance/data/adversarial/authi.jsonl \
	  --split "Adversarial set, author J (training data of the rule model, development set of the cues)" services/compliance/data/adversarial/authj.jsonl \
	  --output docs/compliance-evaluation.md
	$(VENV)/bin/python -m reviewops.classifier evaluate --output docs/classifier-evaluation.md
	$(VENV)/bin/python -m reviewops.classifier evaluate-aspects --output docs/aspects-evaluation.md

# make train EXTRA_LABELS=labels.jsonl MODEL_OUT=dir: a deployment's own cause model, trained with its
# exported human labels (docs/classifier.md), written to dir; the shipped models are left alone.
MODEL_OUT ?= $(LOCAL)/deployment-model
train: install
ifdef EXTRA_LABELS
	mkdir -p $(MODEL_OUT)
	$(VENV)/bin/python -m reviewops.classifier train --extra-labels $(EXTRA_LABELS) \
	  --model $(MODEL_OUT)/causes.npz --card $(MODEL_OUT)/card.json
else
	$(VENV)/bin/python -m reviewops.classifier train
	$(VENV)/bin/python -m reviewops.compliance train
endif

faults: install $(CHROMIUM)
	REVIEWOPS_FAULT_STREAM=5000 REVIEWOPS_FAULT_DB_OUTAGE=30 $(VENV)/bin/python -m pytest tests/e2e/test_faults.py

# The official AsyncAPI parser (npm) validates docs/asyncapi.json in the tests. npm ci installs the
# committed lock under .local/asyncapi (npm's cache beside it), again only when the lock changed.
ASYNCAPI_TOOLS := $(LOCAL)/asyncapi
ASYNCAPI_PARSER := $(ASYNCAPI_TOOLS)/node_modules/.package-lock.json

$(ASYNCAPI_PARSER): tools/asyncapi/package.json tools/asyncapi/package-lock.json tools/asyncapi/.npmrc
	mkdir -p $(ASYNCAPI_TOOLS)
	cp tools/asyncapi/package.json tools/asyncapi/package-lock.json tools/asyncapi/.npmrc $(ASYNCAPI_TOOLS)/
	npm ci --prefix $(ASYNCAPI_TOOLS) --cache $(LOCAL)/npm-cache

test: $(ASYNCAPI_PARSER)

# axe-core scans the console for accessibility problems in the browser test: npm ci installs the
# committed lock under .local/axe (offline once installed), again only when the lock changed.
AXE_TOOLS := $(LOCAL)/axe
AXE_CORE := $(AXE_TOOLS)/node_modules/.package-lock.json

$(AXE_CORE): tools/axe/package.json tools/axe/package-lock.json tools/axe/.npmrc
	mkdir -p $(AXE_TOOLS)
	cp tools/axe/package.json tools/axe/package-lock.json tools/axe/.npmrc $(AXE_TOOLS)/
	npm ci --prefix $(AXE_TOOLS) --cache $(LOCAL)/npm-cache

test: $(AXE_CORE)

# Regenerates docs/asyncapi.json and contracts/topics.json from the event models; the snapshot is
# refused when the models are not backward compatible with it (docs/operations.md).
.PHONY: contracts
contracts: install
	$(VENV)/bin/python -m reviewops.common.events asyncapi --output docs/asyncapi.json
	$(VENV)/bin/python -m reviewops.common.events snapshot contracts/topics.json
