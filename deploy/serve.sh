#!/usr/bin/env bash
# Serve the dashboard to a room: N Streamlit workers on free loopback ports and Debian's nginx in
# front of them (session affinity by a cookie hash, websocket upgrade, long read timeout).
#
#   deploy/serve.sh --workers N --port P [--listen ADDR] [--upstream HOST:PORT]... [--run-dir DIR]
#                   [--ahead MONTHS] [--ahead-older MONTHS] [--no-follow]
#
# One Streamlit process runs all its sessions' scripts on one core; each worker adds a core.
# All workers share one warehouse: PostgreSQL through DATABASE_URL in production, otherwise the
# embedded SQLite file (WAL mode), which is prepared once here before any worker starts.
# --upstream adds a worker already running elsewhere (another machine, same DATABASE_URL).
# Runs in the foreground; SIGTERM or SIGINT (Ctrl-C) stops nginx and every worker it started.
# The nginx configuration, its logs and the workers' logs are written to the run directory
# (printed at start; a new temporary directory unless --run-dir is given).
# Once nginx serves, every page of the last MONTHS months (default 12; 0: none) and the latest
# month's scorecards are prepared (the newest month's pages on every worker, the rest shared out
# among the workers of a machine, each built once into their piece store), and again whenever the
# data changes and when the workers' caches expire (python -m deploy.ahead, log ahead.log in the
# run directory). Then the pages of the older months (--ahead-older, default 120; 0: none of this),
# of the quarters and years, and of the recent periods compared with a year earlier are built once,
# each on one worker, into the piece store the workers of this machine share (PIECE_STORE_DIR,
# default RUN_DIR/pieces).
# A view someone opens that had to be built has its other pages built next on the same worker
# (--no-follow: not; --ahead 0 turns this off too).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
WORKERS=2
PORT=8501
LISTEN=127.0.0.1
RUN_DIR=""
UPSTREAMS=()
AHEAD=12
AHEAD_OLDER=120
FOLLOW=()

usage() { sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; }
die() { echo "serve.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --workers) WORKERS="${2:?--workers needs a number}"; shift 2 ;;
        --port) PORT="${2:?--port needs a number}"; shift 2 ;;
        --listen) LISTEN="${2:?--listen needs an address}"; shift 2 ;;
        --upstream) UPSTREAMS+=("${2:?--upstream needs HOST:PORT}"); shift 2 ;;
        --run-dir) RUN_DIR="${2:?--run-dir needs a directory}"; shift 2 ;;
        --ahead) AHEAD="${2:?--ahead needs a number of months}"; shift 2 ;;
        --ahead-older) AHEAD_OLDER="${2:?--ahead-older needs a number of months}"; shift 2 ;;
        --no-follow) FOLLOW=(--no-follow); shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done
[[ "$WORKERS" =~ ^[0-9]+$ ]] || die "--workers must be a whole number"
[[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] || die "--port must be 1-65535"
[[ "$AHEAD" =~ ^[0-9]+$ ]] && [ "$AHEAD" -le 120 ] || die "--ahead must be 0-120 months"
[[ "$AHEAD_OLDER" =~ ^[0-9]+$ ]] && [ "$AHEAD_OLDER" -le 120 ] || die "--ahead-older must be 0-120 months"
[ $((WORKERS + ${#UPSTREAMS[@]})) -ge 1 ] || die "nothing to serve: --workers 0 and no --upstream"
[ -x "$NGINX" ] || die "nginx not found (apt-get install nginx)"

if [ -z "$RUN_DIR" ]; then
    RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ccgov-serve.XXXXXX")"
fi
mkdir -p "$RUN_DIR/tmp"
RUN_DIR="$(cd "$RUN_DIR" && pwd)"
echo "serve.sh: run directory $RUN_DIR"
# The workers share the pieces they build (pages/piece_store.py); a new start begins with none.
OWN_PIECES=""
if [ -z "${PIECE_STORE_DIR:-}" ]; then
    OWN_PIECES="$RUN_DIR/pieces"
    rm -rf "$OWN_PIECES"
    export PIECE_STORE_DIR="$OWN_PIECES"
fi
echo "serve.sh: piece store $PIECE_STORE_DIR"

PIDS=()        # every process started here that serving needs
HELPERS=()     # started here, stopped with the rest, but serving goes on without them
NGINX_PID=""
STATIC_ROOT="" # nginx's copy of Streamlit's browser files
stopping=0

stop_all() {
    [ "$stopping" = 1 ] && return
    stopping=1
    trap '' INT TERM
    if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -TERM "$NGINX_PID" 2>/dev/null || true
    fi
    local all=("${HELPERS[@]}" "${PIDS[@]}")
    for pid in "${all[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    # Bounded wait, then force.
    for _ in $(seq 1 100); do
        alive=0
        for pid in "${all[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.2
    done
    for pid in "${all[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -f "$RUN_DIR/pids"
    [ -n "$STATIC_ROOT" ] && rm -rf "$STATIC_ROOT"
    [ -n "$OWN_PIECES" ] && rm -rf "$OWN_PIECES"  # a new start begins with an empty store anyway
    echo "serve.sh: stopped"
}
trap 'stop_all; exit 0' INT TERM
trap 'stop_all' EXIT

# ---------------------------------------------------------------- the warehouse, prepared once
cd "$ROOT"
"$PYTHON" -m deploy.prepare || die "the warehouse could not be prepared (see above)"

# ---------------------------------------------------------------- workers
free_ports() {  # N distinct free loopback ports
    "$PYTHON" - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

WORKER_PORTS=()
if [ "$WORKERS" -gt 0 ]; then
    read -r -a WORKER_PORTS <<< "$(free_ports "$WORKERS")"
fi
: > "$RUN_DIR/pids"
for port in "${WORKER_PORTS[@]}"; do
    "$PYTHON" -m streamlit run app.py --server.headless true --server.address 127.0.0.1 \
        --server.port "$port" --server.fileWatcherType none --browser.gatherUsageStats false \
        --server.scriptHealthCheckEnabled true \
        > "$RUN_DIR/worker-$port.log" 2>&1 &
    PIDS+=("$!")
    echo "worker $port $!" >> "$RUN_DIR/pids"
    echo "serve.sh: worker on 127.0.0.1:$port (pid $!, log $RUN_DIR/worker-$port.log)"
done

healthy() { "$PYTHON" - "$1" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen(f"http://{sys.argv[1]}/_stcore/health", timeout=2) as r:
        sys.exit(0 if r.status == 200 else 1)
except Exception:
    sys.exit(1)
PY
}

for i in "${!WORKER_PORTS[@]}"; do
    port="${WORKER_PORTS[$i]}"
    for attempt in $(seq 1 240); do
        healthy "127.0.0.1:$port" && break
        kill -0 "${PIDS[$i]}" 2>/dev/null || die "worker on port $port exited; see $RUN_DIR/worker-$port.log"
        [ "$attempt" = 240 ] && die "worker on port $port not healthy after 120 s; see $RUN_DIR/worker-$port.log"
        sleep 0.5
    done
done

# Each worker runs the app once at the default view before it gets visitors (Streamlit's script
# health check runs app.py in the worker's own process): its modules are imported and the default
# view's reads and pieces are in its caches, so the first person to open the link does not wait for
# them. The workers warm up side by side; an app that fails to run stops everything here.
warm() { "$PYTHON" - "$1" <<'PY'
import sys, urllib.error, urllib.request
try:
    with urllib.request.urlopen(f"http://{sys.argv[1]}/_stcore/script-health-check", timeout=300) as r:
        sys.exit(0)
except urllib.error.HTTPError as e:
    print(e.read().decode("utf-8", "replace")[:500], file=sys.stderr)
except Exception as e:
    print(e, file=sys.stderr)
sys.exit(1)
PY
}
WARMING=()
for port in "${WORKER_PORTS[@]}"; do
    warm "127.0.0.1:$port" 2> "$RUN_DIR/warm-$port.log" &
    WARMING+=("$!")
done
for i in "${!WARMING[@]}"; do
    port="${WORKER_PORTS[$i]}"
    wait "${WARMING[$i]}" || die "the app did not run on the worker on port $port: $(cat "$RUN_DIR/warm-$port.log"); see $RUN_DIR/worker-$port.log"
    echo "serve.sh: worker on 127.0.0.1:$port warmed up (the default view is ready)"
done

# ---------------------------------------------------------------- nginx
# Where Streamlit keeps its browser files (served by nginx, see location /static/), and the proxy
# settings every location that reaches the workers uses.
# They are copied into a directory of their own, readable by all: nginx's workers run as an
# unprivileged user that may read neither the Python installation nor the run directory, and the
# copy stays the version the workers started with. It is removed on stop.
STREAMLIT_STATIC="$("$PYTHON" -c 'import os, streamlit; print(os.path.join(os.path.dirname(streamlit.__file__), "static"))')" \
    || die "streamlit is not importable with $PYTHON"
STATIC_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/ccgov-static.XXXXXX")" || die "no temporary directory for the browser files"
chmod 755 "$STATIC_ROOT" && cp -R "$STREAMLIT_STATIC/static" "$STATIC_ROOT/" && chmod -R a+rX "$STATIC_ROOT" \
    || die "could not copy Streamlit's browser files into $STATIC_ROOT"
MIME_TYPES="${NGINX_MIME_TYPES:-/etc/nginx/mime.types}"  # browsers refuse scripts sent without their type
[ -f "$MIME_TYPES" ] || die "$MIME_TYPES not found (Debian's nginx-common has it; or set NGINX_MIME_TYPES)"
PROXY='            proxy_pass http://streamlit_workers;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 86400s;  # a dashboard left open all day keeps its websocket
            proxy_send_timeout 86400s;
            proxy_buffering off;
'
SERVERS=""
for port in "${WORKER_PORTS[@]}"; do SERVERS+="        server 127.0.0.1:$port max_fails=0;"$'\n'; done
for up in "${UPSTREAMS[@]}"; do SERVERS+="        server $up max_fails=0;"$'\n'; done

USER_LINE=""
if [ "$(id -u)" = 0 ]; then
    # nginx's workers drop root; they need to write their temp files in the run directory.
    USER_LINE="user nobody nogroup;"
    chmod 755 "$RUN_DIR"
    chown nobody:nogroup "$RUN_DIR/tmp"
fi

cat > "$RUN_DIR/nginx.conf" <<NGINX
# Written by deploy/serve.sh: nginx in front of the Streamlit workers.
$USER_LINE
worker_processes 1;
pid $RUN_DIR/nginx.pid;
error_log $RUN_DIR/nginx-error.log warn;

events {
    worker_connections 4096;
}

http {
    # Session affinity: a browser keeps one worker for all its requests. Its first request gets a
    # random route cookie; the upstream is chosen by a consistent hash of that cookie. (ip_hash
    # would send a whole room behind one NAT address to one worker.)
    map \$cookie_ccgov_route \$route_key {
        ""      \$request_id;
        default \$cookie_ccgov_route;
    }
    map \$cookie_ccgov_route \$route_set_cookie {
        ""      "ccgov_route=\$route_key; Path=/; HttpOnly; SameSite=Lax";
        default "";
    }
    # Websocket upgrade for /_stcore/stream; plain keep-alive to the workers otherwise.
    map \$http_upgrade \$connection_upgrade {
        default upgrade;
        ""      "";
    }

    include $MIME_TYPES;
    gzip on;
    gzip_proxied any;
    gzip_min_length 1024;
    gzip_comp_level 5;
    gzip_types text/css application/javascript text/javascript application/json image/svg+xml;

    log_format ccgov '\$remote_addr [\$time_local] "\$request" \$status \$body_bytes_sent '
                     'upstream=\$upstream_addr route=\$route_key time=\$request_time';
    access_log $RUN_DIR/nginx-access.log ccgov;

    client_body_temp_path $RUN_DIR/tmp/client_body;
    proxy_temp_path $RUN_DIR/tmp/proxy;
    fastcgi_temp_path $RUN_DIR/tmp/fastcgi;
    uwsgi_temp_path $RUN_DIR/tmp/uwsgi;
    scgi_temp_path $RUN_DIR/tmp/scgi;

    # max_fails=0: a worker is never marked down for a moment, which would move its browsers'
    # next requests (and their websockets) to another worker; a request that cannot reach its
    # worker still tries the next one. Idle connections are dropped by nginx before the workers'
    # own 5-second keep-alive limit, so nginx never reuses one the worker is closing.
    upstream streamlit_workers {
        hash \$route_key consistent;
$SERVERS        keepalive 32;
        keepalive_timeout 2s;
    }

    server {
        listen $LISTEN:$PORT;
        client_max_body_size 200m;  # Streamlit's own upload limit (server.maxUploadSize)

        # Streamlit's own files (content-hashed names, never changing for one Streamlit version)
        # come from disk, compressed, without reaching a worker: when a whole room opens the link
        # at once, the workers run scripts instead of sending each browser the same megabytes.
        # A file not on disk here (workers on other machines with another Streamlit) is asked of
        # the workers.
        # The warm-up above is for this script only: from outside it would run the app on demand.
        location = /_stcore/script-health-check {
            return 404;
        }

        location /static/ {
            root $STATIC_ROOT;
            try_files \$uri @workers;
            add_header Cache-Control "public, immutable, max-age=31536000" always;
        }

        location / {
            add_header Set-Cookie \$route_set_cookie always;
$PROXY        }

        location @workers {
$PROXY        }
    }
}
NGINX
echo "serve.sh: nginx configuration $RUN_DIR/nginx.conf"

"$NGINX" -t -q -p "$RUN_DIR" -e "$RUN_DIR/nginx-error.log" -c "$RUN_DIR/nginx.conf" \
    || die "nginx rejected $RUN_DIR/nginx.conf"
"$NGINX" -p "$RUN_DIR" -e "$RUN_DIR/nginx-error.log" -c "$RUN_DIR/nginx.conf" -g "daemon off;" &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
echo "nginx $LISTEN:$PORT $NGINX_PID" >> "$RUN_DIR/pids"
CHECK_HOST="$LISTEN"
case "$LISTEN" in 0.0.0.0|"*") CHECK_HOST=127.0.0.1 ;; "[::]") CHECK_HOST="[::1]" ;; esac
for attempt in $(seq 1 50); do
    healthy "$CHECK_HOST:$PORT" && break
    kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited; see $RUN_DIR/nginx-error.log"
    [ "$attempt" = 50 ] && die "nginx not answering on $LISTEN:$PORT; see $RUN_DIR/nginx-error.log"
    sleep 0.2
done
echo "serve.sh: serving http://$LISTEN:$PORT/ with ${#WORKER_PORTS[@]} local and ${#UPSTREAMS[@]} remote worker(s); Ctrl-C or SIGTERM stops"

# ---------------------------------------------------------------- views prepared ahead
# Every page of the recent months and the latest month's scorecards, opened on the workers (directly,
# not through nginx) the way a visitor opens them, then again whenever the data changes.
if [ "$AHEAD" -gt 0 ]; then
    TARGETS=()
    for port in "${WORKER_PORTS[@]}"; do TARGETS+=("127.0.0.1:$port"); done
    TARGETS+=("${UPSTREAMS[@]}")
    "$PYTHON" -m deploy.ahead --months "$AHEAD" --older "$AHEAD_OLDER" "${FOLLOW[@]}" "${TARGETS[@]}" \
        > "$RUN_DIR/ahead.log" 2>&1 &
    HELPERS+=("$!")
    echo "ahead - $!" >> "$RUN_DIR/pids"
    echo "serve.sh: preparing the last $AHEAD months' views on the workers, then $AHEAD_OLDER older months' pages into the piece store (log $RUN_DIR/ahead.log)"
fi

# ---------------------------------------------------------------- foreground
# Wait until a signal arrives or a child dies; either way everything started here is stopped.
set +e
wait -n "${PIDS[@]}"
status=$?
if [ "$stopping" = 0 ]; then
    echo "serve.sh: a worker or nginx exited (status $status); stopping the rest" >&2
    stop_all
    exit 1
fi
