# The two commands a newcomer needs: `make demo` and `make test`.
.PHONY: demo test token stop status setup prod prod-stop

## demo: install what is missing, start the services and serve the portal at http://127.0.0.1:5000
demo:
	@scripts/demo.sh

## test: run the whole test suite against real PostgreSQL, Redis and Solr (pytest args via ARGS=...)
test:
	@scripts/test.sh $(ARGS)

## token USER=<name>: print a fresh API token for a demo account (on the last line)
token:
	@test "$(origin USER)" = "command line" || { echo "usage: make token USER=<name>"; exit 2; }
	@.venv/bin/ckan -c config/demo.ini satudata token "$(USER)" 2>/dev/null || \
	  { echo "ERROR: could not create a token for '$(USER)' (is the demo set up? run make demo)"; exit 1; }

## stop: stop every service the project started
stop:
	@scripts/services.sh stop

## status: show which services run
status:
	@scripts/services.sh status

## prod: the production profile on this machine: nginx (127.0.0.1:8080) -> gunicorn, RQ worker, durable PostgreSQL/Redis, Solr (scripts/prod.sh)
prod:
	@scripts/prod.sh start

## prod-stop: stop the production profile's processes and services (not the demo's or the tests')
prod-stop:
	@scripts/prod.sh stop

setup:
	@scripts/setup.sh
