# Every target runs on the pinned Node LTS (.node-version), whatever Node the machine has.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
NODE_BIN := $(shell scripts/node-env.sh)
export PATH := $(NODE_BIN):$(CURDIR)/node_modules/.bin:$(PATH)

INSTALLED := node_modules/.install-stamp
PRISMA_CLIENT := generated/prisma/client.ts
# The MySQL/MariaDB backend's client, from its own schema (Prisma fixes the provider per schema).
PRISMA_MYSQL_CLIENT := generated/prisma-mysql/client.ts
BUILD := dist/server.js

.PHONY: admin build dev mock test-faults db-stop db-url psql install generate generate-check scaffold breaking-check prisma-client migrate migrate-create migrate-check start seed bench test test-postgres test-mongodb test-mariadb test-redis test-matrix test-browser typecheck lint format check-third-party schemathesis ci

install: $(INSTALLED) $(PRISMA_CLIENT) $(PRISMA_MYSQL_CLIENT)

# `npm install`, not `npm ci`: the lockfile lists only the platform packages the registry
# served when it was written, and `npm ci` refuses a lockfile missing other platforms' optional
# packages. With an up-to-date lockfile `npm install` installs exactly what it pins.
$(INSTALLED): package.json package-lock.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

$(PRISMA_CLIENT): prisma/schema.prisma $(INSTALLED)
	prisma generate >/dev/null
	touch $@

$(PRISMA_MYSQL_CLIENT): prisma/mysql/schema.prisma $(INSTALLED)
	prisma generate --schema prisma/mysql/schema.prisma >/dev/null
	touch $@

## For every API in generate.config.ts (spec/ -> generated/ for Conduit): validate, lint and
## bundle its spec, then write its outputs. One API: make generate API=inventory
API ?=
generate: $(INSTALLED)
	tsx scripts/generate.ts $(if $(API),--api '$(API)')

## Fail when any API's outputs differ from what its spec produces; writes nothing.
generate-check: $(INSTALLED)
	@tsx scripts/generate.ts --check || { echo "run 'make generate' and commit the result"; exit 1; }

## After `make generate`: a 501 stub and pending contract tests for each operation without a
## handwritten handler (src/conduit/handlers/pending/, tests/contract/pending/); never edits your files.
scaffold: generate
	tsx scripts/scaffold.ts

## Fail on breaking API changes (oasdiff, ERR and WARN) not accepted in
## spec/accepted-breaking-changes.yaml: make breaking-check [BASE=ref]. Empty BASE: the fork
## point with origin/main, else main; HEAD^ when that is HEAD itself (e.g. CI on main).
BASE ?=
breaking-check: generate
	tsx scripts/breaking-changes.ts $(if $(BASE),--base '$(BASE)')

## A mock of an API from its spec alone (request validation, answers from examples or schemas;
## `Prefer: code=404` or `Prefer: example=<name>` picks one): make mock [API=inventory] [PORT=4010]
## or any bundled spec: make mock SPEC=path/to/openapi.json
SPEC ?=
PORT ?= 4010
mock: $(INSTALLED)
	tsx scripts/mock.ts $(if $(SPEC),--spec '$(SPEC)',$(if $(API),--api '$(API)')) --port '$(PORT)'

## Apply committed migrations to DATABASE_URL (embedded default when unset).
migrate: install
	tsx scripts/db/migrate.ts deploy

## Create a migration from changes to prisma/schema.prisma: make migrate-create NAME=add_x
migrate-create: install
	tsx scripts/db/migrate.ts create --name "$(NAME)"

## Fail when prisma/schema.prisma and prisma/migrations disagree, or prisma/mysql/schema.prisma
## and prisma/mysql/migrations (applied to a scratch database on scripts/db/mariadb.sh's server).
migrate-check: install
	tsx scripts/db/migrate.ts check
	url="$$(scripts/db/mariadb.sh start)"; tsx scripts/db/migrate.ts check-mysql --server "$$url"

## The service as JavaScript (dist/server.js), rebuilt when a source changes.
build: $(BUILD)

$(BUILD): $(INSTALLED) $(PRISMA_CLIENT) $(PRISMA_MYSQL_CLIENT) $(shell find src generated -type f -not -path 'generated/prisma/*' -not -path 'generated/prisma-mysql/*')
	tsx scripts/build.ts

start: install build migrate
	node $(BUILD)

## The service from source, restarted on every change (tsx watch).
dev: install migrate
	tsx watch src/conduit/server.ts

## The embedded database (see README): psql on it; its URL (starting it if needed); stop it.
psql: install
	@command -v psql >/dev/null || { echo "psql is not installed (Debian: apt-get install postgresql-client)"; exit 1; }
	url="$$(tsx scripts/db/embedded.ts url)"; psql "$$url" || true; tsx scripts/db/embedded.ts release

db-url: install
	@tsx scripts/db/embedded.ts url

db-stop: install
	tsx scripts/db/embedded.ts stop

## Make an existing account an admin (the first admin; later ones through the API), audited:
## make admin USERNAME=jake
admin: install migrate
	tsx scripts/set-role.ts '$(USERNAME)' admin

## Fill DATABASE_URL with sample data through the services: make seed SEED_ARGS="--users 50"
seed: install migrate
	tsx scripts/seed.ts $(SEED_ARGS)

## The service against the floor (a bare Fastify server replaying its answers) and the data
## size, on both backends; writes bench/results/latest.{json,md}. Options: BENCH_ARGS="--quick",
## see `tsx scripts/bench.ts --help`. Any Conduit server on this machine instead:
## make bench URL=http://127.0.0.1:8080 (seeded through its API).
URL ?=
bench: install build
	tsx scripts/bench.ts $(if $(URL),--url '$(URL)') $(BENCH_ARGS)

JEST := node --experimental-vm-modules node_modules/jest/bin/jest.js

test: install build
	$(JEST) $(JEST_ARGS)

## The same suite against a real PostgreSQL server (Debian's, installed and started on 127.0.0.1).
test-postgres: install build
	url="$$(scripts/db/postgres.sh start)"; TEST_DATABASE_URL="$$url" $(JEST) $(JEST_ARGS)

## The same suite against MongoDB: MONGODB_URL when set, else a local mongo-java-server.
test-mongodb: install build
	url="$${MONGODB_URL:-$$(scripts/db/mongo-server.sh start)}"; \
	TEST_DATABASE_URL="$$url" TEST_MONGODB_URL="$$url" $(JEST) $(JEST_ARGS)

## The same suite against MariaDB (Debian's mariadb-server, installed when missing and started
## on 127.0.0.1:33069): each test file in its own database.
test-mariadb: install build
	url="$$(scripts/db/mariadb.sh start)"; \
	TEST_DATABASE_URL="$$url" TEST_MYSQL_URL="$$url" $(JEST) $(JEST_ARGS)

## The whole suite with the service's Redis (Debian's redis-server, installed when missing and
## started on 127.0.0.1:63790 in memory): rate-limit counters and the response cache there, and
## the cross-instance tests (one budget, no stale read, Redis stopped mid-run).
test-redis: install build
	url="$$(scripts/db/redis.sh start)"; TEST_REDIS_URL="$$url" $(JEST) $(JEST_ARGS)

## The fault suite (tests/faults/): the real service through database outages, slow and hostile
## clients, shutdowns under load; on the embedded default, then on PostgreSQL.
test-faults: install build
	FAULT_TESTS=1 FAULT_BACKEND=embedded $(JEST) tests/faults $(JEST_ARGS)
	FAULT_TESTS=1 FAULT_BACKEND=postgres $(JEST) tests/faults $(JEST_ARGS)
	FAULT_TESTS=1 FAULT_BACKEND=mariadb $(JEST) tests/faults $(JEST_ARGS)

## /docs in headless Chromium (Debian's, installed when missing).
test-browser: install
	CHROMIUM_PATH="$$(scripts/install-chromium.sh)" BROWSER_TESTS=1 $(JEST) tests/browser

## Every backend: embedded default, PostgreSQL, MongoDB, MariaDB.
test-matrix: test test-postgres test-mongodb test-mariadb

## Property-based contract testing: Schemathesis (pinned in requirements-schemathesis.txt,
## installed into .tools/) against a real server, every check and phase, fixed seed.
## Options for `st run`: make schemathesis SCHEMATHESIS_ARGS="--max-examples 20".
schemathesis: install build
	scripts/schemathesis.sh

typecheck: install
	tsc --noEmit -p tsconfig.json

lint: install
	eslint .
	prettier --check .

format: install
	prettier --write .

## Bundle and generate types for a large third-party spec and type-check the output.
check-third-party: install
	tsx scripts/check-third-party.ts

## Everything CI runs, in CI's order.
ci:
	bash .ci/run
