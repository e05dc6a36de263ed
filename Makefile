# ecert — the two set-up commands are `make demo` and `make test` (see README.md).
SWIFT    ?= swift
BIN_DIR  := .build/release
ECERT    := $(BIN_DIR)/ecert
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# System libraries the build links against, and the independent tools the tests check output with.
BUILD_PACKAGES := pkg-config libcairo2-dev libpango1.0-dev libqrencode-dev librsvg2-dev libpoppler-glib-dev libzbar-dev libgdk-pixbuf-2.0-dev libcurl4-openssl-dev
TEST_PACKAGES  := poppler-utils zbar-tools qpdf openssl python3 time unzip python3-pip librsvg2-bin chromium chromium-driver imagemagick bsdutils libnss3-tools parallel valgrind
# Python modules the tests use (PyPI): .xlsx workbooks; Ed25519 + RFC 8785 for the independent verifier
# (Tests/Fixtures/verify_batch.py) and independently signed documents; aiosmtpd, the SMTP server of the
# delivery tests (Tests/Fixtures/smtp_server.py); pyHanko validates PAdES signatures (pdfsig from
# poppler-utils with certutil from libnss3-tools is the other validator); selenium drives headless
# Chromium through the `ecert app` flow (Tests/Fixtures/app_flow.py); kubernetes-validate holds the
# Kubernetes JSON schemas docs/k8s/ecert-job.yaml is checked against.
PY_TEST_MODULES := openpyxl xlsxwriter cryptography rfc8785 aiosmtpd pyhanko pyhanko-certvalidator pyhanko-cli selenium kubernetes-validate

.PHONY: all deps test-deps build demo test app-screenshots bench bench-send bench-pades bench-vs-c bench-memory bench-check bench-bundles bench-verify fuzz fuzz-smoke fuzz-build fuzz-corpus clean

all: build

# Installs only what is missing, so a machine that has everything never touches apt.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

deps:
	$(call apt_install,$(BUILD_PACKAGES))

test-deps: deps
	$(call apt_install,$(TEST_PACKAGES))
	@python3 -c "import openpyxl, xlsxwriter, cryptography, rfc8785, aiosmtpd, pyhanko, pyhanko_certvalidator, selenium, kubernetes_validate" 2>/dev/null && command -v pyhanko >/dev/null || python3 -m pip install -q $(PY_TEST_MODULES) \
	  || python3 -m pip install -q --break-system-packages $(PY_TEST_MODULES)

build: deps
	$(SWIFT) build -c release --product ecert

demo: build
	@mkdir -p out
	@[ -f out/demo-issuer.key ] || $(ECERT) keygen out/demo-issuer.key
	rm -rf out/demo
	$(ECERT) issue examples/participants.csv --event examples/event.yaml --key out/demo-issuer.key --out out/demo
	$(ECERT) verify out/demo --pub out/demo-issuer.pub

test: test-deps
	$(SWIFT) build --product ecert
	$(SWIFT) test

# Runs the browser flow of `ecert app` (Tests/Fixtures/app_flow.py) and keeps its screenshots in docs/app/.
app-screenshots: test-deps
	$(SWIFT) build --product ecert
	ECERT_APP_SCREENSHOTS=$(CURDIR)/docs/app $(SWIFT) test --filter AppTests/wholeFlowInChromium

bench: build
	bash Tests/Benchmarks/bench.sh $(ECERT) $(or $(N),1000)

# E-mail N certificates to a local aiosmtpd (STARTTLS + AUTH): messages/s in link and attach mode.
bench-send: build test-deps
	bash Tests/Benchmarks/bench-send.sh $(ECERT) $(or $(N),1000)

# Side by side with the plain-C Cairo loop (../shared/bench/cairo-limit): median ratio of CPU
# seconds per certificate over interleaved runs; fails above TARGET (0.67). INSTR=200 adds
# callgrind instruction counts (stable on a busy machine).
bench-vs-c: build
	bash Tests/Benchmarks/bench-vs-c.sh $(ECERT) $(or $(N),2000) $(or $(RUNS),5)

# Peak RSS of issue (two shards), merge, verify and bundle for 25,000 vs 100,000 rows: fails when a
# command's memory grows with the record count beyond what docs/SCALING.md states.
bench-memory: build
	bash Tests/Benchmarks/bench-memory.sh $(ECERT) $(or $(SMALL),25000) $(or $(LARGE),100000)

# PAdES signing cost for one worker (unsigned vs RSA vs P-256): fails above 25 % per CPU-second.
bench-pades: build
	bash Tests/Benchmarks/bench-pades.sh $(ECERT) $(or $(N),1000)

# Checking a 25,000-row list (CSV, Windows-1252 CSV, .xlsx): target under 2 s.
bench-check: build
	@python3 -c "import xlsxwriter" 2>/dev/null || python3 -m pip install -q xlsxwriter || python3 -m pip install -q --break-system-packages xlsxwriter
	bash Tests/Benchmarks/bench-check.sh $(ECERT) $(or $(N),25000)

bench-bundles: build
	bash Tests/Benchmarks/bench-bundles.sh $(ECERT) $(or $(N),1000)

bench-verify: build test-deps
	bash Tests/Benchmarks/verify-bench.sh $(ECERT) $(or $(N),50)

# Fuzzing with libFuzzer. One executable, Sources/ecert-fuzz, holds every target; ECERT_FUZZ_TARGET
# picks one (json: StrictJSON.parse + JCS round trip; payload: SignedPayload(bytes:) and (text:);
# csv: whole-file vs streamed list reader; xlsx: XLSXReader; pdf: the fixed layer's PDFObjectReader).
# A new target (CSV, XLSX, PDF object reader) is one entry in FuzzTargets.all plus its name in
# FUZZ_TARGETS. It is built with -DECERT_FUZZ into .build-fuzz (so the normal .build is untouched),
# seeded from docs/test-vectors.json by Tests/Fuzz/make-corpus.py into .build-fuzz/corpus (git-
# ignored); it links with lld (gold fails on the sanitizer runtime). Any crash, trap or ASan report fails the run (non-zero); the input is kept in
# .build-fuzz/crashes/ and `.build/debug/ecert-fuzz TARGET FILE` replays it in a normal build.
FUZZ_RUNS       ?= 200000
FUZZ_SMOKE_RUNS ?= 3000
# 0 lets libFuzzer pick a seed (long runs explore); CI's smoke uses a fixed one, so it is repeatable.
FUZZ_SEED       ?= 0
FUZZ_TARGETS    ?= json payload csv xlsx pdf
FUZZ_SANITIZE   ?= fuzzer,address
FUZZ_DIR        := .build-fuzz
FUZZ_BIN        := $(FUZZ_DIR)/release/ecert-fuzz

fuzz-build:
	$(SWIFT) build -c release --scratch-path $(FUZZ_DIR) --product ecert-fuzz \
	  -Xswiftc -sanitize=$(FUZZ_SANITIZE) -Xswiftc -DECERT_FUZZ -Xswiftc -use-ld=lld

fuzz-corpus:
	@python3 Tests/Fuzz/make-corpus.py $(FUZZ_DIR)/corpus

# Runs each target for FUZZ_RUNS inputs; stops at the first crash with a non-zero status.
fuzz: fuzz-build fuzz-corpus
	@mkdir -p $(FUZZ_DIR)/crashes
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t-found; \
	  echo "fuzz $$t: $(FUZZ_RUNS) runs"; \
	  ECERT_FUZZ_TARGET=$$t SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Fuzz/lsan-suppressions.txt $(FUZZ_BIN) -runs=$(FUZZ_RUNS) -seed=$(FUZZ_SEED) -max_len=8192 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/crashes/$$t- $(FUZZ_DIR)/corpus/$$t-found $(FUZZ_DIR)/corpus/$$t \
	    2> $(FUZZ_DIR)/$$t.log || { tail -40 $(FUZZ_DIR)/$$t.log; echo "fuzz $$t FAILED; see $(FUZZ_DIR)/crashes/"; exit 1; }; \
	  grep -E "stat::number_of_executed_units|Done " $(FUZZ_DIR)/$$t.log | tr '\n' ' '; echo; \
	done

# A quick pass for CI: a few thousand inputs per target.
fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_RUNS=$(FUZZ_SMOKE_RUNS) FUZZ_SEED=1

clean:
	rm -rf .build .build-fuzz out
