#!/usr/bin/env bash
# A real docassemble server on 127.0.0.1, without Docker, with this package installed from a
# freshly built wheel: PostgreSQL and Redis on loopback ports, docassemble.webapp 1.10.13 (pinned)
# in a Python 3.12 venv, its web server run by Flask's own server, and a Celery worker (it sends
# the final screen's e-mail). The server's mail goes to an SMTP server on a loopback port that
# nothing listens on until a test starts one there (tests/test_server.py, with aiosmtpd). For
# trying the interviews in a browser and for the end-to-end tests (tests/test_server*.py,
# tests/test_browser.py).
#
# Usage: scripts/docassemble_server.sh build | start | stop | status | test [COMMAND...]
#   build   apt packages (if missing) and the venv; idempotent, ~3 min the first time, ~1 s after
#   start   build, then a fresh wheel of this checkout, the databases and the web server; leaves it
#           running and prints the URL, the admin login, the API key and the PIDs file
#   stop    stops every process `start` started, by the PIDs it wrote
#   status  says whether the server answers
#   test    start on free ports in a new folder, run COMMAND (default: pytest tests/test_server.py)
#           with SCC_SERVER_* pointing at it, and stop every process by PID at the end, pass or fail
#
# Settings (environment):
#   SCC_SERVER_VENV   the venv (default /tmp/scc-server-venv; ~1.5 GB)
#   SCC_SERVER_DIR    databases, config, logs, PIDs (default /tmp/scc-server; `test` makes its own)
#   SCC_SERVER_PORT, SCC_PG_PORT, SCC_REDIS_PORT, SCC_SMTP_PORT   ports (default 8350 to 8353)
#   SMALLCLAIMS_FORMS_DIR  the forms cache the interviews fill official forms from
#                     (default ../shared/forms/KY beside the repository, when it exists)
#   PY312             the Python 3.12 to build the venv with
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${SCC_SERVER_VENV:-/tmp/scc-server-venv}"
STATE="${SCC_SERVER_DIR:-/tmp/scc-server}"
PYTHON312="${PY312:-/root/.pyenv/versions/3.12.1/bin/python3}"
PINS=(docassemble.webapp==1.10.13 docassemble.base==1.10.13 pytest pypdf)
ADMIN_EMAIL="${SCC_ADMIN_EMAIL:-admin@example.com}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

say() { echo "docassemble_server: $*" >&2; }
die() { say "error: $*"; exit 1; }

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

# --- build ------------------------------------------------------------------------------------
build() {
    local missing=()
    pg_bin >/dev/null || missing+=(postgresql)
    command -v redis-server >/dev/null || missing+=(redis-server)
    command -v chromium >/dev/null || missing+=(chromium)                     # the screenshots
    [ -f /usr/include/ldap.h ] || missing+=(libldap2-dev)                     # python-ldap builds from source
    [ -f /usr/include/sasl/sasl.h ] || missing+=(libsasl2-dev)
    bash "$REPO/scripts/docassemble_system.sh" ${missing[@]+"${missing[@]}"}

    local stamp_text stamp="$VENV/.scc-server-stamp"
    stamp_text="$(printf '%s\n' "${PINS[@]}" "$PYTHON312")"
    if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$stamp_text" ]; then
        say "$VENV is up to date"
    else
        say "building $VENV (docassemble.webapp 1.10.13; about 2 minutes)"
        [ -x "$VENV/bin/python" ] || "$PYTHON312" -m venv "$VENV"
        # (pip's index warnings about missing local mirrors are noise here: kept out of the log)
        "$VENV/bin/python" -m pip install -q "${PINS[@]}" setuptools wheel 2> >(grep -v 'WARNING: Location' >&2)
        printf '%s\n' "$stamp_text" > "$stamp"
    fi
    bash "$REPO/scripts/nltk_data.sh" "$VENV/bin/python" "$VENV/nltk_data/corpora"  # as tests/docassemble/setup.sh
}

# --- start ------------------------------------------------------------------------------------
free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Runs a command as the postgres user when we are root (PostgreSQL refuses to run as root).
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

record_pid() { echo "$1 $2" >> "$STATE/pids"; }

start() {
    build
    if [ -f "$STATE/pids" ] && alive_any; then
        die "a server from $STATE is still running (scripts/docassemble_server.sh stop first)"
    fi
    local port=${SCC_SERVER_PORT:-8350} pg_port=${SCC_PG_PORT:-8351} redis_port=${SCC_REDIS_PORT:-8352}
    local smtp_port=${SCC_SMTP_PORT:-8353}
    local forms=${SMALLCLAIMS_FORMS_DIR:-}
    if [ -z "$forms" ] && [ -d "$REPO/../shared/forms/KY" ]; then forms="$(cd "$REPO/../shared/forms/KY" && pwd)"; fi
    local t0=$SECONDS
    # A fresh state each start; a folder this script did not make is never emptied.
    if [ -d "$STATE" ] && [ -n "$(ls -A "$STATE")" ] && [ ! -f "$STATE/.scc-server" ]; then
        die "$STATE holds files this script did not make: choose another SCC_SERVER_DIR"
    fi
    rm -rf "$STATE"
    mkdir -p "$STATE"/{tmp,log,uploads,webapp,certs,wheel,src,redis,pgsock}
    # docassemble lists the packages in its own package folder (empty here: pip installs into the venv)
    mkdir -p "$STATE/packages/lib/python$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')/site-packages"
    touch "$STATE/.scc-server"
    chmod 755 "$STATE"
    : > "$STATE/pids"

    # A fresh wheel of this checkout (copied first, so the build leaves nothing in the repository),
    # installed before the server starts: docassemble reads the installed package's interviews.
    say "building the wheel of $REPO"
    tar -C "$REPO" --exclude=.git --exclude=build --exclude='*.egg-info' --exclude=out --exclude=dist \
        --exclude=__pycache__ -cf - . | tar -C "$STATE/src" -xf -
    "$VENV/bin/python" -m pip wheel -q --no-deps --no-build-isolation "$STATE/src" -w "$STATE/wheel" >/dev/null
    local wheel
    wheel=$(find "$STATE/wheel" -maxdepth 1 -iname 'docassemble[._]smallclaimscollect-*.whl' | head -1)
    [ -n "$wheel" ] || die "no wheel was built in $STATE/wheel"
    "$VENV/bin/python" -m pip uninstall -q -y docassemble.SmallClaimsCollect >/dev/null 2>&1 || true
    "$VENV/bin/python" -m pip install -q "$wheel" 2> >(grep -v 'WARNING: Location' >&2)
    say "installed $(basename "$wheel")"

    # PostgreSQL: a new cluster in the state folder, trust authentication on loopback only.
    local pgbin
    pgbin=$(pg_bin) || die "PostgreSQL not found in /usr/lib/postgresql"
    if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$STATE"; then
        die "the postgres user cannot reach $STATE (a parent folder is private): choose another SCC_SERVER_DIR"
    fi
    mkdir -p "$STATE/pg"
    touch "$STATE/log/postgresql.log"
    if [ "$(id -u)" = 0 ]; then chown postgres "$STATE/pg" "$STATE/pgsock" "$STATE/log/postgresql.log"; fi
    as_pg "$pgbin/initdb" -D "$STATE/pg" -U docassemble -A trust -E UTF8 --locale=C.UTF-8 >"$STATE/log/initdb.log" 2>&1 \
        || die "initdb failed: $(tail -5 "$STATE/log/initdb.log")"
    as_pg "$pgbin/pg_ctl" -D "$STATE/pg" -l "$STATE/log/postgresql.log" -w -t 60 \
        -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $STATE/pgsock" start >/dev/null \
        || die "PostgreSQL did not start: $(tail -5 "$STATE/log/postgresql.log")"
    record_pid postgres "$(head -1 "$STATE/pg/postmaster.pid")"
    as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$pg_port" -U docassemble docassemble

    # Redis: also the Celery broker; nothing saved to disk.
    redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$STATE/redis" \
        --logfile "$STATE/log/redis.log" --daemonize no >/dev/null 2>&1 &
    record_pid redis $!

    # config.yml: every path in the state folder, nothing under /usr/share/docassemble or /var/www.
    local secret api_key password
    secret=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(16))')
    api_key=$("$VENV/bin/python" -c 'import secrets, string; print("".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32)))')
    password=$("$VENV/bin/python" -c 'import secrets; print("Scc-" + secrets.token_urlsafe(12))')
    echo "1.10.13" > "$STATE/webapp/VERSION"
    touch "$STATE/webapp/docassemble.wsgi"  # docassemble touches it to signal a restart
    cat > "$STATE/config.yml" <<EOF
debug: False  # True shows Source and variable panes on every screen: for developing interviews, not for trying them out
secretkey: $secret
url root: http://127.0.0.1:$port
root: /
use https: False
behind https load balancer: False
db:
  prefix: postgresql+psycopg2://
  name: docassemble
  user: docassemble
  password: docassemble
  host: 127.0.0.1
  port: $pg_port
redis: redis://127.0.0.1:$redis_port
rabbitmq: redis://127.0.0.1:$redis_port/1
enable api: True
allow updates: False
update on start: False
allow demo: False
default interview: docassemble.SmallClaimsCollect:data/questions/appeal.yml
timezone: America/New_York
uploads: $STATE/uploads
log: $STATE/log
packages: $STATE/packages
modules: $VENV
webapp: $STATE/webapp/docassemble.wsgi
version file: $STATE/webapp/VERSION
ready file: $STATE/webapp/ready
web server certificate directory: $STATE/certs
cert install directory: $STATE/certs
flask log: $STATE/log/flask.log
pypirc path: $STATE/pypirc
libreoffice macro file: $STATE/webapp/Module1.xba
mail:  # plain SMTP on loopback: a test listens there and reads what arrives
  server: 127.0.0.1
  port: $smtp_port
  use ssl: False
  use tls: False
  default sender: '"SmallClaimsCollect test server" <no-reply@example.com>'
EOF
    cat > "$STATE/server.env" <<EOF
export DA_CONFIG_FILE=$STATE/config.yml
export NLTK_DATA=$VENV/nltk_data
export LC_ALL=en_US.UTF-8 LANG=en_US.UTF-8
export TMPDIR=$STATE/tmp
export SMALLCLAIMS_FORMS_DIR=$forms
export PYTHONDONTWRITEBYTECODE=1
EOF

    say "creating the tables and the admin account ($((SECONDS - t0)) s so far)"
    (
        # shellcheck source=/dev/null
        source "$STATE/server.env"
        cd "$STATE"
        DA_ADMIN_EMAIL="$ADMIN_EMAIL" DA_ADMIN_PASSWORD="$password" DA_ADMIN_API_KEY="$api_key" \
            "$VENV/bin/python" -m docassemble.webapp.create_tables "$STATE/config.yml" >"$STATE/log/create_tables.log" 2>&1
    ) || die "create_tables failed: $(tail -20 "$STATE/log/create_tables.log")"

    say "starting the web server on 127.0.0.1:$port ($((SECONDS - t0)) s so far)"
    (
        # shellcheck source=/dev/null
        source "$STATE/server.env"
        cd "$STATE"
        exec "$VENV/bin/python" -c "from docassemble.webapp.server import app; app.run(host='127.0.0.1', port=$port, threaded=True)" \
            >"$STATE/log/server.log" 2>&1
    ) &
    record_pid web $!

    # The Celery worker (background tasks: the final screen's "E-mail these documents"), one
    # process (--pool=solo) to keep the memory down.
    (
        # shellcheck source=/dev/null
        source "$STATE/server.env"
        cd "$STATE"
        C_FORCE_ROOT=1 exec "$VENV/bin/python" -m celery -A docassemble.webapp.worker worker --pool=solo \
            --loglevel=INFO >"$STATE/log/worker.log" 2>&1
    ) &
    record_pid worker $!

    local url="http://127.0.0.1:$port" i
    for i in $(seq 1 180); do
        if curl -fsS -o /dev/null "$url/health_check" 2>/dev/null; then break; fi
        kill -0 "$(awk '$1 == "web" {print $2}' "$STATE/pids")" 2>/dev/null || die "the web server exited: $(tail -30 "$STATE/log/server.log")"
        sleep 1
    done
    curl -fsS -o /dev/null "$url/health_check" || die "no answer from $url/health_check after 180 s: $(tail -30 "$STATE/log/server.log")"
    for i in $(seq 1 120); do
        if grep -q "ready\." "$STATE/log/worker.log" 2>/dev/null; then break; fi
        kill -0 "$(awk '$1 == "worker" {print $2}' "$STATE/pids")" 2>/dev/null || die "the Celery worker exited: $(tail -30 "$STATE/log/worker.log")"
        sleep 1
    done
    grep -q "ready\." "$STATE/log/worker.log" || die "the Celery worker was not ready after 120 s: $(tail -30 "$STATE/log/worker.log")"

    cat > "$STATE/info.env" <<EOF
SCC_SERVER_URL=$url
SCC_SERVER_API_KEY=$api_key
SCC_SERVER_ADMIN_EMAIL=$ADMIN_EMAIL
SCC_SERVER_ADMIN_PASSWORD=$password
SCC_SERVER_DIR=$STATE
SCC_SERVER_VENV=$VENV
SCC_SERVER_SMTP_PORT=$smtp_port
EOF
    cat >&2 <<EOF
docassemble_server: ready in $((SECONDS - t0)) s
  URL:        $url
  appeal:     $url/interview?i=docassemble.SmallClaimsCollect:data/questions/appeal.yml
  admin:      $ADMIN_EMAIL / $password
  API key:    $api_key
  mail:       SMTP to 127.0.0.1:$smtp_port (nothing listens there unless you start a server)
  PIDs:       $STATE/pids   (stop with: scripts/docassemble_server.sh stop)
  forms:      ${forms:-(none: official forms become worksheets)}
  settings:   $STATE/info.env   logs: $STATE/log/
EOF
}

# --- stop -------------------------------------------------------------------------------------
alive_any() {
    local name pid
    while read -r name pid; do
        [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && return 0
    done < "$STATE/pids"
    return 1
}

stop() {
    [ -f "$STATE/pids" ] || { say "nothing to stop ($STATE/pids does not exist)"; return 0; }
    local name pid sig i
    # the web server and the worker first, then Redis, then PostgreSQL (SIGINT: its fast shutdown)
    for want in web worker redis postgres; do
        while read -r name pid; do
            [ "$name" = "$want" ] && [ -n "$pid" ] || continue
            kill -0 "$pid" 2>/dev/null || continue
            sig=TERM; [ "$name" = postgres ] && sig=INT
            kill -"$sig" "$pid" 2>/dev/null || true
            for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
            say "stopped $name (PID $pid)"
        done < "$STATE/pids"
    done
    rm -f "$STATE/pids"
}

status() {
    if [ -f "$STATE/info.env" ] && [ -f "$STATE/pids" ]; then
        local url
        url=$(sed -n 's/^SCC_SERVER_URL=//p' "$STATE/info.env")
        if curl -fsS -o /dev/null "$url/health_check"; then echo "running: $url (PIDs in $STATE/pids)"; return 0; fi
    fi
    echo "not running ($STATE)"; return 1
}

# --- test -------------------------------------------------------------------------------------
run_test() {
    build
    STATE=$(mktemp -d /tmp/scc-server-test.XXXXXX)
    SCC_SERVER_PORT=$(free_port) SCC_PG_PORT=$(free_port) SCC_REDIS_PORT=$(free_port) SCC_SMTP_PORT=$(free_port)
    export SCC_SERVER_PORT SCC_PG_PORT SCC_REDIS_PORT SCC_SMTP_PORT
    # pass or fail, every process started is stopped by its PID; the logs are kept when it failed
    trap 'rc=$?; stop; if [ "$rc" = 0 ]; then rm -rf "$STATE"; else say "logs kept in $STATE/log"; fi' EXIT
    start
    set -a
    # shellcheck source=/dev/null
    source "$STATE/info.env"
    set +a
    if (($#)); then
        "$@"
    else
        (cd "$REPO" && "$VENV/bin/python" -m pytest -p no:cacheprovider tests/test_server.py)
    fi
}

case "${1:-}" in
    build) build ;;
    start) trap 'say "start failed: stopping what it started"; stop' EXIT; start; trap - EXIT ;;
    stop) stop ;;
    status) status ;;
    test) shift; run_test "$@" ;;
    *) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
