#!/usr/bin/env bash
# Real Redis, a Redis Cluster, PostgreSQL and Kafka on 127.0.0.1 for the integration tests
# (ts/test/integration). No Docker, no systemd: Debian packages + Maven Central jars,
# every service runs as a plain background process with its state under one directory.
#
#   scripts/services.sh up [redis|redis-cluster|postgres|kafka ...]   start (idempotent), print env lines
#   scripts/services.sh down [redis|redis-cluster|postgres|kafka ...] stop (idempotent)
#   scripts/services.sh status [...]                      exit 0 only if all listed are up
#   scripts/services.sh env [...]                         print `export ...` lines
#
#   eval "$(scripts/services.sh env)"   # then: SMC_REQUIRE_SERVICES=1 npx vitest run ts/test/integration
#
# Environment (all optional):
#   SMC_SERVICES_DIR       state dir (default ~/.cache/smc-engine/services)
#   SMC_REDIS_PORT=6379  SMC_PG_PORT=5432  SMC_KAFKA_PORT=9092  SMC_KAFKA_CONTROLLER_PORT=9093
#   SMC_REDIS_CLUSTER_PORT=7101   first of the cluster's 3 nodes (7101-7103; bus ports +10000)
#   SMC_KAFKA_VERSION=4.3.1  SMC_KAFKA_HEAP_OPTS="-Xms256m -Xmx512m"
#   SMC_PG_BIN             PostgreSQL bin dir (default: newest /usr/lib/postgresql/*/bin)
#   SMC_SERVICES_TIMEOUT=120  seconds to wait for each service to become ready
#
# Missing packages (redis-server, postgresql, default-jre-headless, maven) are installed
# with apt-get (as root, or with `sudo -n`). Progress goes to stderr, results to stdout.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE_DIR=$(realpath -m "${SMC_SERVICES_DIR:-$HOME/.cache/smc-engine/services}")
HOST=127.0.0.1
REDIS_PORT=${SMC_REDIS_PORT:-6379}
PG_PORT=${SMC_PG_PORT:-5432}
KAFKA_PORT=${SMC_KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${SMC_KAFKA_CONTROLLER_PORT:-9093}
KAFKA_VERSION=${SMC_KAFKA_VERSION:-4.3.1}
KAFKA_HEAP_OPTS=${SMC_KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}
TIMEOUT=${SMC_SERVICES_TIMEOUT:-120}
ALL_SERVICES=(redis redis-cluster postgres kafka)
REDIS_CLUSTER_PORT=${SMC_REDIS_CLUSTER_PORT:-7101}
REDIS_CLUSTER_SIZE=3 # the fewest masters redis-cli --cluster create accepts

REDIS_DIR=$STATE_DIR/redis
REDIS_CLUSTER_DIR=$STATE_DIR/redis-cluster
PG_DIR=$STATE_DIR/postgres # may be a symlink, see pg_prepare_dir
KAFKA_DIR=$STATE_DIR/kafka
KAFKA_LIB=$KAFKA_DIR/lib/$KAFKA_VERSION
KAFKA_READY_TOPIC=smc-services-ready

log() { printf '[services] %s\n' "$*" >&2; }
die() {
  printf '[services] ERROR: %s\n' "$*" >&2
  exit 1
}
is_root() { [[ $EUID -eq 0 ]]; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
}

# Succeeds if something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }
read_pid() { if [[ -s $1 ]]; then tr -dc '0-9' <"$1"; fi; }

# Stops a process by pid with SIGTERM (graceful for redis and kafka), SIGKILL after $2 s.
stop_pid() {
  local pid=$1 grace=$2 name=$3 i
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  log "$name: pid $pid still alive after ${grace}s, sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

# Keeps one previous log around; logs are only ever appended to by the service itself.
rotate_log() { if [[ -s $1 ]]; then mv -f "$1" "$1.1"; fi; }

show_log_tail() {
  local f=$1
  if [[ -s $f ]]; then
    printf '[services] --- last lines of %s ---\n' "$f" >&2
    tail -n "${2:-40}" "$f" >&2
    printf '[services] ---\n' >&2
  fi
}

# --------------------------------------------------------------------------- packages

POLICY_RC=/usr/sbin/policy-rc.d
POLICY_RC_CREATED=0
SUDO=()

cleanup() {
  if [[ $POLICY_RC_CREATED == 1 ]]; then "${SUDO[@]}" rm -f "$POLICY_RC" || true; fi
}
trap cleanup EXIT

apt_install() {
  ((${#@})) || return 0
  command -v apt-get >/dev/null || die "apt-get not found; install these yourself: $*"
  if ! is_root; then
    if ! command -v sudo >/dev/null || ! sudo -n true 2>/dev/null; then
      die "need root to install: $* (run: sudo apt-get install -y $*)"
    fi
    SUDO=(sudo -n)
  fi
  mkdir -p "$STATE_DIR"
  # Debian postinst scripts start a freshly installed redis/postgresql on the default
  # ports (which we want for our own instances); policy-rc.d exit 101 forbids that.
  if [[ ! -e $POLICY_RC ]]; then
    printf '#!/bin/sh\n# temporary, from smc-engine scripts/services.sh\nexit 101\n' |
      "${SUDO[@]}" tee "$POLICY_RC" >/dev/null
    "${SUDO[@]}" chmod 755 "$POLICY_RC"
    POLICY_RC_CREATED=1
  fi
  local t0 aptlog=$STATE_DIR/apt.log
  t0=$(now)
  log "installing with apt-get: $* (log: $aptlog)"
  if ! { "${SUDO[@]}" apt-get update -q &&
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q --no-install-recommends "$@"; } >"$aptlog" 2>&1; then
    show_log_tail "$aptlog" 30
    die "apt-get install $* failed"
  fi
  log "installed $* in $(since "$t0")"
  cleanup
  POLICY_RC_CREATED=0
}

pg_bin() {
  if [[ -n ${SMC_PG_BIN:-} ]]; then
    [[ -x $SMC_PG_BIN/initdb ]] || die "SMC_PG_BIN=$SMC_PG_BIN has no initdb"
    echo "$SMC_PG_BIN"
    return
  fi
  # Debian keeps initdb/pg_ctl/postgres out of PATH (only the pg_ctlcluster wrappers are
  # in /usr/bin), so look in the versioned dir first, newest version wins.
  local dirs=() d
  shopt -s nullglob
  for d in /usr/lib/postgresql/*/bin; do [[ -x $d/initdb && -x $d/pg_ctl ]] && dirs+=("$d"); done
  shopt -u nullglob
  if ((${#dirs[@]})); then
    printf '%s\n' "${dirs[@]}" | sort -V | tail -n 1
    return
  fi
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  return 1
}

java_major() {
  command -v java >/dev/null || return 1
  java -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

ensure_prerequisites() {
  local pkgs=() svc jm
  for svc in "$@"; do
    case $svc in
    redis | redis-cluster)
      if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
        [[ " ${pkgs[*]} " == *" redis-server "* ]] || pkgs+=(redis-server)
      fi
      ;;
    postgres)
      pg_bin >/dev/null || pkgs+=(postgresql)
      ;;
    kafka)
      jm=$(java_major || true)
      if [[ -z $jm || $jm -lt 17 ]]; then pkgs+=(default-jre-headless); fi
      [[ -f $KAFKA_LIB/.complete ]] || command -v mvn >/dev/null || pkgs+=(maven)
      ;;
    esac
  done
  apt_install "${pkgs[@]}"
  if [[ " $* " == *" kafka "* ]]; then
    jm=$(java_major || true)
    [[ -n $jm && $jm -ge 17 ]] || die "Kafka 4.x needs Java 17+, found: ${jm:-none}"
  fi
}

# ------------------------------------------------------------------------------ redis

redis_pid() {
  local pid
  pid=$(read_pid "$REDIS_DIR/redis.pid")
  if pid_alive "$pid"; then echo "$pid"; fi
}

redis_version() { redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p'; }

redis_ping() { [[ $(redis-cli -h "$HOST" -p "$1" ping 2>/dev/null) == PONG ]]; }

redis_up() {
  local pid port t0
  pid=$(redis_pid)
  if [[ -n $pid ]]; then
    port=$(cat "$REDIS_DIR/port" 2>/dev/null || echo "$REDIS_PORT")
    [[ $port == "$REDIS_PORT" ]] || die "redis: already running on port $port (pid $pid), not $REDIS_PORT; run '$0 down redis' first"
    redis_ping "$port" || die "redis: pid $pid is running but does not answer PING on $HOST:$port"
    log "redis: already up (pid $pid, $HOST:$port)"
    return
  fi
  port_open "$REDIS_PORT" && die "redis: $HOST:$REDIS_PORT is already in use by a process this script does not manage; stop it or set SMC_REDIS_PORT"
  t0=$(now)
  mkdir -p "$REDIS_DIR/data"
  rotate_log "$REDIS_DIR/redis.log"
  cat >"$REDIS_DIR/redis.conf" <<EOF
# generated by scripts/services.sh; rewritten on every 'up'
bind $HOST
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile $REDIS_DIR/redis.pid
logfile $REDIS_DIR/redis.log
dir $REDIS_DIR/data
dbfilename dump.rdb
save 3600 1 300 100 60 10000
appendonly no
EOF
  echo "$REDIS_PORT" >"$REDIS_DIR/port"
  redis-server "$REDIS_DIR/redis.conf" >/dev/null 9>&- || {
    show_log_tail "$REDIS_DIR/redis.log"
    die "redis: redis-server failed to start"
  }
  local deadline=$((SECONDS + TIMEOUT))
  until redis_ping "$REDIS_PORT"; do
    if ((SECONDS > deadline)); then
      show_log_tail "$REDIS_DIR/redis.log"
      die "redis: not answering PING on $HOST:$REDIS_PORT after ${TIMEOUT}s"
    fi
    sleep 0.1
  done
  log "redis: up in $(since "$t0") (pid $(redis_pid), $HOST:$REDIS_PORT, redis $(redis_version))"
}

redis_down() {
  local pid
  pid=$(redis_pid)
  if [[ -z $pid ]]; then
    log "redis: not running"
    return
  fi
  stop_pid "$pid" 30 redis # SIGTERM = SHUTDOWN (saves the RDB)
  rm -f "$REDIS_DIR/redis.pid"
  log "redis: stopped (pid $pid)"
}

redis_status() {
  local pid port
  pid=$(redis_pid)
  port=$(cat "$REDIS_DIR/port" 2>/dev/null || echo "$REDIS_PORT")
  if [[ -n $pid ]] && redis_ping "$port"; then
    printf 'redis     up    %s:%s  pid %s  redis %s\n' "$HOST" "$port" "$pid" "$(redis_version)"
  elif [[ -n $pid ]]; then
    printf 'redis     BROKEN  pid %s alive but no PING reply on %s:%s\n' "$pid" "$HOST" "$port"
    return 1
  else
    printf 'redis     down\n'
    return 1
  fi
}

# ---------------------------------------------------------------------- redis-cluster
# Three masters, no replicas (redis-cli --cluster create ... --cluster-replicas 0): enough for
# keys to spread over slots on different nodes and for clients to follow MOVED redirects.

cluster_ports() {
  local i
  for ((i = 0; i < REDIS_CLUSTER_SIZE; i++)); do echo $((REDIS_CLUSTER_PORT + i)); done
}

cluster_nodes() { # $1 = separator
  local p out=()
  for p in $(cluster_ports); do out+=("$HOST:$p"); done
  local IFS=$1
  echo "${out[*]}"
}

cluster_node_pid() { # $1 = port
  local pid
  pid=$(read_pid "$REDIS_CLUSTER_DIR/$1/redis.pid")
  if pid_alive "$pid"; then echo "$pid"; fi
}

cluster_info() { # $1 = port, $2 = a field of CLUSTER INFO
  redis-cli -h "$HOST" -p "$1" cluster info 2>/dev/null | tr -d '\r' | sed -n "s/^$2://p"
}

# Every node is ours, alive, and sees the whole cluster with every slot served.
cluster_ok() {
  local p
  for p in $(cluster_ports); do
    [[ -n $(cluster_node_pid "$p") ]] && redis_ping "$p" || return 1
    [[ $(cluster_info "$p" cluster_state) == ok ]] || return 1
    [[ $(cluster_info "$p" cluster_known_nodes) == "$REDIS_CLUSTER_SIZE" ]] || return 1
  done
}

redis_cluster_start_node() { # $1 = port
  local port=$1 dir=$REDIS_CLUSTER_DIR/$1
  mkdir -p "$dir"
  cat >"$dir/redis.conf" <<EOF
# generated by scripts/services.sh; the cluster is rebuilt from scratch when it is not healthy
bind $HOST
port $port
protected-mode yes
daemonize yes
pidfile $dir/redis.pid
logfile $dir/redis.log
dir $dir
cluster-enabled yes
cluster-config-file nodes.conf
cluster-node-timeout 5000
save ""
appendonly no
EOF
  redis-server "$dir/redis.conf" >/dev/null 9>&- || {
    show_log_tail "$dir/redis.log"
    die "redis-cluster: node $HOST:$port failed to start"
  }
}

redis_cluster_up() {
  local t0 p pid deadline
  if cluster_ok; then
    log "redis-cluster: already up ($(cluster_nodes ,))"
    return
  fi
  t0=$(now)
  # A cluster of ours that is not healthy (a node died, a half-made cluster, state left over
  # from before a reboot) is rebuilt from scratch: it only ever holds test data.
  for p in $(cluster_ports); do
    pid=$(cluster_node_pid "$p")
    [[ -z $pid ]] || stop_pid "$pid" 30 "redis-cluster node $p"
  done
  for p in $(cluster_ports); do
    port_open "$p" && die "redis-cluster: $HOST:$p is already in use by a process this script does not manage; stop it or set SMC_REDIS_CLUSTER_PORT"
    port_open $((p + 10000)) && die "redis-cluster: cluster bus port $HOST:$((p + 10000)) is already in use; set SMC_REDIS_CLUSTER_PORT"
  done
  rm -rf "${REDIS_CLUSTER_DIR:?}"
  for p in $(cluster_ports); do redis_cluster_start_node "$p"; done
  deadline=$((SECONDS + TIMEOUT))
  for p in $(cluster_ports); do
    until redis_ping "$p"; do
      ((SECONDS <= deadline)) || die "redis-cluster: node $HOST:$p not answering PING after ${TIMEOUT}s"
      sleep 0.1
    done
  done
  # shellcheck disable=SC2046 # one argument per node
  if ! redis-cli --cluster create $(cluster_nodes ' ') --cluster-replicas 0 --cluster-yes \
    >"$REDIS_CLUSTER_DIR/create.log" 2>&1; then
    show_log_tail "$REDIS_CLUSTER_DIR/create.log"
    die "redis-cluster: redis-cli --cluster create failed"
  fi
  until cluster_ok; do
    if ((SECONDS > deadline)); then
      show_log_tail "$REDIS_CLUSTER_DIR/create.log"
      die "redis-cluster: cluster state not ok after ${TIMEOUT}s"
    fi
    sleep 0.2
  done
  log "redis-cluster: up in $(since "$t0") ($(cluster_nodes ,), redis $(redis_version))"
}

redis_cluster_down() {
  local p pid stopped=0
  for p in $(cluster_ports); do
    pid=$(cluster_node_pid "$p")
    [[ -n $pid ]] || continue
    stop_pid "$pid" 30 "redis-cluster node $p"
    rm -f "$REDIS_CLUSTER_DIR/$p/redis.pid"
    stopped=$((stopped + 1))
  done
  if ((stopped)); then log "redis-cluster: stopped ($stopped nodes)"; else log "redis-cluster: not running"; fi
}

redis_cluster_status() {
  local p pid pids=()
  for p in $(cluster_ports); do
    pid=$(cluster_node_pid "$p")
    [[ -z $pid ]] || pids+=("$pid")
  done
  if cluster_ok; then
    printf 'redis-cluster up  %s  pids %s  redis %s\n' "$(cluster_nodes ,)" "${pids[*]}" "$(redis_version)"
  elif ((${#pids[@]})); then
    printf 'redis-cluster BROKEN  %s of %s nodes alive, cluster state not ok (%s)\n' "${#pids[@]}" "$REDIS_CLUSTER_SIZE" "$(cluster_nodes ,)"
    return 1
  else
    printf 'redis-cluster down\n'
    return 1
  fi
}

# --------------------------------------------------------------------------- postgres

PG_REAL=''

# Run as the cluster owner: initdb and postgres refuse to run as root.
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# The cluster must be reachable by the postgres user. When root's state dir is under a
# 0700 /root, it is not, so the cluster goes to the postgres user's home instead and the
# state dir gets a symlink to it (never loosen /root's permissions).
pg_prepare_dir() {
  if [[ -L $PG_DIR || -d $PG_DIR ]]; then
    PG_REAL=$(readlink -f "$PG_DIR")
    return
  fi
  mkdir -p "$STATE_DIR"
  if ! is_root; then
    mkdir -p "$PG_DIR"
    PG_REAL=$PG_DIR
    return
  fi
  id postgres >/dev/null 2>&1 || die "postgres: no 'postgres' system user (the postgresql package creates it)"
  install -d -o postgres -g postgres -m 700 "$PG_DIR"
  if runuser -u postgres -- test -w "$PG_DIR" 2>/dev/null; then
    PG_REAL=$PG_DIR
    return
  fi
  rmdir "$PG_DIR"
  local home
  home=$(getent passwd postgres | cut -d: -f6)
  [[ -n $home && -d $home ]] || die "postgres: $STATE_DIR is not reachable by the postgres user and it has no home dir"
  PG_REAL=$home/smc-engine-services/$(printf '%s' "$STATE_DIR" | md5sum | cut -c1-12)
  install -d -o postgres -g postgres -m 700 "$home/smc-engine-services" "$PG_REAL"
  ln -s "$PG_REAL" "$PG_DIR"
  log "postgres: $STATE_DIR is not reachable by the postgres user, cluster lives in $PG_REAL ($PG_DIR links to it)"
}

pg_running() {
  [[ -n $PG_REAL && -s $PG_REAL/data/PG_VERSION ]] || return 1
  as_pg "$1/pg_ctl" -D "$PG_REAL/data" status >/dev/null 2>&1
}

pg_psql_admin() { # runs SQL from stdin as the superuser over the private unix socket
  as_pg "$1/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_REAL/run" -p "$2" -U postgres -d postgres
}

pg_check_app_login() {
  PGPASSWORD=smc PGCONNECT_TIMEOUT=5 "$1/psql" -X -qAt -h "$HOST" -p "$2" -U smc -d smc \
    -c 'select 1' >/dev/null 2>&1
}

pg_up() {
  local bin t0 port
  bin=$(pg_bin) || die "postgres: no PostgreSQL binaries found"
  pg_prepare_dir
  if pg_running "$bin"; then
    port=$(cat "$PG_REAL/port" 2>/dev/null || echo "$PG_PORT")
    [[ $port == "$PG_PORT" ]] || die "postgres: already running on port $port, not $PG_PORT; run '$0 down postgres' first"
    pg_check_app_login "$bin" "$port" || die "postgres: running but smc@$HOST:$port/smc cannot log in (see $PG_REAL/postgres.log)"
    log "postgres: already up ($HOST:$port)"
    return
  fi
  port_open "$PG_PORT" && die "postgres: $HOST:$PG_PORT is already in use by a process this script does not manage; stop it or set SMC_PG_PORT"
  t0=$(now)
  if [[ ! -s $PG_REAL/data/PG_VERSION ]]; then
    log "postgres: initdb with $bin ($("$bin/postgres" --version))"
    # --no-locale: C collation, no dependency on generated locales; superuser 'postgres'
    # is only reachable through the private (0700) unix socket, apps use TCP + password.
    as_pg "$bin/initdb" -D "$PG_REAL/data" -U postgres -E UTF8 --no-locale \
      --auth-local=trust --auth-host=scram-sha-256 >"$PG_REAL/initdb.log" 2>&1 || {
      show_log_tail "$PG_REAL/initdb.log"
      die "postgres: initdb failed"
    }
    as_pg tee -a "$PG_REAL/data/postgresql.conf" >/dev/null <<EOF

# added by smc-engine scripts/services.sh (the port is passed at start: SMC_PG_PORT)
listen_addresses = '$HOST'
unix_socket_directories = '$PG_REAL/run'
unix_socket_permissions = 0700
EOF
  fi
  as_pg mkdir -p "$PG_REAL/run"
  as_pg sh -c "if [ -s '$PG_REAL/postgres.log' ]; then mv -f '$PG_REAL/postgres.log' '$PG_REAL/postgres.log.1'; fi"
  as_pg sh -c "echo $PG_PORT > '$PG_REAL/port'"
  if ! as_pg "$bin/pg_ctl" -D "$PG_REAL/data" -l "$PG_REAL/postgres.log" -o "-p $PG_PORT" \
    -w -t "$TIMEOUT" start >/dev/null 9>&-; then
    show_log_tail "$PG_REAL/postgres.log"
    die "postgres: pg_ctl start failed"
  fi
  # Idempotent: role and database are created once, the password is (re)set every time.
  pg_psql_admin "$bin" "$PG_PORT" <<'SQL' || die "postgres: creating role/database smc failed"
SELECT 'CREATE ROLE smc LOGIN CREATEDB' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'smc')\gexec
ALTER ROLE smc WITH LOGIN CREATEDB PASSWORD 'smc';
SELECT 'CREATE DATABASE smc OWNER smc' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'smc')\gexec
GRANT ALL PRIVILEGES ON DATABASE smc TO smc;
SQL
  pg_check_app_login "$bin" "$PG_PORT" || {
    show_log_tail "$PG_REAL/postgres.log"
    die "postgres: started, but smc:smc@$HOST:$PG_PORT/smc cannot log in"
  }
  log "postgres: up in $(since "$t0") ($HOST:$PG_PORT, data $PG_REAL/data)"
}

pg_down() {
  local bin
  bin=$(pg_bin) || {
    log "postgres: not installed"
    return
  }
  [[ -L $PG_DIR || -d $PG_DIR ]] && PG_REAL=$(readlink -f "$PG_DIR")
  if ! pg_running "$bin"; then
    log "postgres: not running"
    return
  fi
  as_pg "$bin/pg_ctl" -D "$PG_REAL/data" -m fast -w -t 60 stop >/dev/null ||
    die "postgres: pg_ctl stop failed (see $PG_REAL/postgres.log)"
  log "postgres: stopped"
}

pg_status() {
  local bin port
  if bin=$(pg_bin) && [[ -L $PG_DIR || -d $PG_DIR ]]; then
    PG_REAL=$(readlink -f "$PG_DIR")
    if pg_running "$bin"; then
      port=$(cat "$PG_REAL/port" 2>/dev/null || echo "$PG_PORT")
      if pg_check_app_login "$bin" "$port"; then
        printf 'postgres  up    %s:%s  pid %s  %s\n' "$HOST" "$port" \
          "$(head -n 1 "$PG_REAL/data/postmaster.pid" 2>/dev/null)" "$("$bin/postgres" --version)"
        return
      fi
      printf 'postgres  BROKEN  running but smc@%s:%s/smc cannot log in\n' "$HOST" "$port"
      return 1
    fi
  fi
  printf 'postgres  down\n'
  return 1
}

# ------------------------------------------------------------------------------ kafka

kafka_pid() {
  local pid
  pid=$(read_pid "$KAFKA_DIR/kafka.pid")
  # the pid must still be *our* broker, not a recycled pid
  if pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'; then
    echo "$pid"
  fi
}

# Downloads kafka_2.13 and its runtime dependencies once; later runs are offline.
kafka_resolve_jars() {
  [[ -f $KAFKA_LIB/.complete ]] && return
  command -v mvn >/dev/null || die "kafka: mvn not found"
  local t0 tmp mvnlog=$KAFKA_DIR/maven.log
  t0=$(now)
  mkdir -p "$KAFKA_DIR/lib"
  tmp=$(mktemp -d "$KAFKA_DIR/lib/.resolve.XXXXXX")
  log "kafka: resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION and runtime deps with Maven (once, log: $mvnlog)"
  if ! mvn -q -B -f "$SCRIPT_DIR/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" >"$mvnlog" 2>&1; then
    rm -rf "$tmp"
    show_log_tail "$mvnlog" 30
    die "kafka: Maven could not resolve Kafka $KAFKA_VERSION (SMC_KAFKA_VERSION)"
  fi
  [[ -f $tmp/kafka_2.13-$KAFKA_VERSION.jar && -f $tmp/kafka-tools-$KAFKA_VERSION.jar ]] || {
    rm -rf "$tmp"
    die "kafka: Maven finished but kafka_2.13/kafka-tools $KAFKA_VERSION jars are missing"
  }
  touch "$tmp/.complete"
  rm -rf "$KAFKA_LIB"
  mv "$tmp" "$KAFKA_LIB"
  log "kafka: $(find "$KAFKA_LIB" -name '*.jar' | wc -l) jars ($(du -sh "$KAFKA_LIB" | cut -f1)) in $KAFKA_LIB in $(since "$t0")"
}

# Runs a Kafka CLI class (quiet logging, small heap) with a time limit: $1 seconds.
kafka_java_timeout() {
  local secs=$1
  shift
  timeout "$secs" java -Xmx256m -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$SCRIPT_DIR/kafka/tools-log4j2.properties" \
    -cp "$KAFKA_LIB/*" "$@"
}

kafka_write_config() {
  cat >"$KAFKA_DIR/server.properties" <<EOF
# generated by scripts/services.sh; rewritten on every 'up'
# single node KRaft: this process is both the broker and the (only) controller
node.id=1
process.roles=broker,controller
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=1
default.replication.factor=1
offsets.topic.replication.factor=1
# The default 50 partitions make the first consumer group on a fresh broker wait while
# __consumer_offsets is created and loaded (kafkajs gives up with NOT_COORDINATOR).
offsets.topic.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
EOF
}

# "Ready" means a client can create a topic and the group coordinator answers, not just
# that the port is open. The first group lookup also creates __consumer_offsets.
kafka_wait_ready() {
  local pid=$1 deadline=$((SECONDS + TIMEOUT)) readylog=$KAFKA_DIR/ready-check.log step=topic out
  : >"$readylog"
  while :; do
    pid_alive "$pid" || {
      show_log_tail "$KAFKA_DIR/kafka.log"
      die "kafka: broker process $pid exited during startup"
    }
    if [[ $step == topic ]] && port_open "$KAFKA_PORT" &&
      kafka_java_timeout 30 org.apache.kafka.tools.TopicCommand \
        --bootstrap-server "$HOST:$KAFKA_PORT" --create --if-not-exists \
        --topic "$KAFKA_READY_TOPIC" --partitions 1 --replication-factor 1 >>"$readylog" 2>&1; then
      step=group
    fi
    # ConsumerGroupCommand exits 0 even on errors: "group not found" is the success answer.
    if [[ $step == group ]]; then
      out=$(kafka_java_timeout 60 org.apache.kafka.tools.consumer.group.ConsumerGroupCommand \
        --bootstrap-server "$HOST:$KAFKA_PORT" --describe --group "$KAFKA_READY_TOPIC" 2>&1 || true)
      printf '%s\n' "$out" >>"$readylog"
      if grep -qE 'GroupIdNotFoundException|does not exist|has no active members' <<<"$out"; then
        return
      fi
    fi
    if ((SECONDS > deadline)); then
      show_log_tail "$readylog" 15
      show_log_tail "$KAFKA_DIR/kafka.log"
      # Do not leave a half-started broker behind for the next 'up' to mistake for a ready one.
      stop_pid "$pid" 30 kafka
      die "kafka: not ready on $HOST:$KAFKA_PORT within ${TIMEOUT}s (stuck at the $step check; broker stopped)"
    fi
    sleep 1
  done
}

kafka_up() {
  local pid port t0
  pid=$(kafka_pid)
  if [[ -n $pid ]]; then
    port=$(cat "$KAFKA_DIR/port" 2>/dev/null || echo "$KAFKA_PORT")
    [[ $port == "$KAFKA_PORT" ]] || die "kafka: already running on port $port (pid $pid), not $KAFKA_PORT; run '$0 down kafka' first"
    port_open "$port" || die "kafka: pid $pid is running but $HOST:$port is closed (see $KAFKA_DIR/kafka.log)"
    log "kafka: already up (pid $pid, $HOST:$port)"
    return
  fi
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_open "$port" && die "kafka: $HOST:$port is already in use by a process this script does not manage; stop it or set SMC_KAFKA_PORT/SMC_KAFKA_CONTROLLER_PORT"
  done
  kafka_resolve_jars
  t0=$(now)
  mkdir -p "$KAFKA_DIR/data"
  kafka_write_config
  echo "$KAFKA_PORT" >"$KAFKA_DIR/port"
  echo "$KAFKA_VERSION" >"$KAFKA_DIR/version"
  if [[ ! -f $KAFKA_DIR/data/meta.properties ]]; then
    [[ -s $KAFKA_DIR/cluster.id ]] || kafka_java_timeout 60 kafka.tools.StorageTool random-uuid >"$KAFKA_DIR/cluster.id"
    log "kafka: formatting KRaft storage (cluster id $(cat "$KAFKA_DIR/cluster.id"))"
    kafka_java_timeout 120 kafka.tools.StorageTool format -t "$(cat "$KAFKA_DIR/cluster.id")" \
      -c "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/format.log" 2>&1 || {
      show_log_tail "$KAFKA_DIR/format.log"
      die "kafka: storage format failed"
    }
  fi
  rotate_log "$KAFKA_DIR/kafka.log"
  # setsid: the broker must outlive this shell and its process group.
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM flags
  setsid java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$SCRIPT_DIR/kafka/log4j2.properties" \
    -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
    </dev/null >"$KAFKA_DIR/kafka.log" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$KAFKA_DIR/kafka.pid"
  kafka_wait_ready "$pid"
  log "kafka: up in $(since "$t0") (pid $pid, $HOST:$KAFKA_PORT, Kafka $KAFKA_VERSION KRaft)"
}

kafka_down() {
  local pid
  pid=$(kafka_pid)
  if [[ -z $pid ]]; then
    log "kafka: not running"
    rm -f "$KAFKA_DIR/kafka.pid"
    return
  fi
  stop_pid "$pid" 60 kafka # SIGTERM = controlled shutdown
  rm -f "$KAFKA_DIR/kafka.pid"
  log "kafka: stopped (pid $pid)"
}

kafka_status() {
  local pid port
  pid=$(kafka_pid)
  port=$(cat "$KAFKA_DIR/port" 2>/dev/null || echo "$KAFKA_PORT")
  if [[ -n $pid ]] && port_open "$port"; then
    printf 'kafka     up    %s:%s  pid %s  kafka %s (KRaft)\n' "$HOST" "$port" "$pid" \
      "$(cat "$KAFKA_DIR/version" 2>/dev/null || echo '?')"
  elif [[ -n $pid ]]; then
    printf 'kafka     STARTING/BROKEN  pid %s alive but %s:%s closed\n' "$pid" "$HOST" "$port"
    return 1
  else
    printf 'kafka     down\n'
    return 1
  fi
}

# ------------------------------------------------------------------------------- main

env_line() { # $1 = service, $2 = prefix
  case $1 in
  redis) echo "${2}REDIS_URL=redis://$HOST:$REDIS_PORT" ;;
  redis-cluster) echo "${2}REDIS_CLUSTER_NODES=$(cluster_nodes ,)" ;;
  postgres) echo "${2}DATABASE_URL=postgres://smc:smc@$HOST:$PG_PORT/smc" ;;
  kafka) echo "${2}KAFKA_BROKERS=$HOST:$KAFKA_PORT" ;;
  esac
}

# Serialises concurrent up/down (e.g. two test runs starting services at once). Every
# long-lived service is started with fd 9 closed (`9>&-`), or it would hold the lock forever.
take_lock() {
  mkdir -p "$STATE_DIR"
  command -v flock >/dev/null || return 0
  exec 9>"$STATE_DIR/.lock"
  flock -n 9 && return
  log "waiting for another services.sh to finish (lock $STATE_DIR/.lock)"
  flock -w $((TIMEOUT * 3)) 9 || die "timed out waiting for the lock $STATE_DIR/.lock"
}

main() {
  local cmd=${1:-help}
  [[ $# -gt 0 ]] && shift
  local svcs=() s
  for s in "$@"; do
    case $s in
    redis) svcs+=(redis) ;;
    redis-cluster) svcs+=(redis-cluster) ;;
    postgres | postgresql | pg) svcs+=(postgres) ;;
    kafka) svcs+=(kafka) ;;
    *) die "unknown service '$s' (expected: ${ALL_SERVICES[*]})" ;;
    esac
  done
  ((${#svcs[@]})) || svcs=("${ALL_SERVICES[@]}")

  case $cmd in
  up | start)
    take_lock
    local t0
    t0=$(now)
    ensure_prerequisites "${svcs[@]}"
    for s in "${svcs[@]}"; do
      case $s in
      redis) redis_up ;;
      redis-cluster) redis_cluster_up ;;
      postgres) pg_up ;;
      kafka) kafka_up ;;
      esac
    done
    log "ready in $(since "$t0"): ${svcs[*]}"
    for s in "${svcs[@]}"; do env_line "$s" ''; done
    ;;
  down | stop)
    take_lock
    for s in "${svcs[@]}"; do
      case $s in
      redis) redis_down ;;
      redis-cluster) redis_cluster_down ;;
      postgres) pg_down ;;
      kafka) kafka_down ;;
      esac
    done
    ;;
  status)
    local rc=0
    for s in "${svcs[@]}"; do
      case $s in
      redis) redis_status || rc=1 ;;
      redis-cluster) redis_cluster_status || rc=1 ;;
      postgres) pg_status || rc=1 ;;
      kafka) kafka_status || rc=1 ;;
      esac
    done
    return "$rc"
    ;;
  env)
    for s in "${svcs[@]}"; do env_line "$s" 'export '; done
    ;;
  help | -h | --help) usage ;;
  *)
    usage >&2
    die "unknown command '$cmd'"
    ;;
  esac
}

main "$@"
