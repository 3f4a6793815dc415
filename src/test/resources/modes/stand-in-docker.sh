#!/bin/sh
# Stand-in docker for the container mode. Replays ps / port / ps-args / proc files from $DOCKER_REPLAY_DIR, logs each
# call's argv (space-joined) to $DOCKER_CALL_LOG, and keeps each container's files under $DOCKER_REPLAY_DIR/fs-NAME.
# "exec [-e K=V].. NAME python.. ARGS.." runs the program with those variables (with /tmp/... arguments mapped into
# fs-NAME) detached from this CLI, as a real container process is: ending the docker CLI does not end it; the tree
# script of "exec NAME sh -c SCRIPT memlens-tree TAG ACTION TENTHS" (run here: this machine is the "container") does.
# The detached program's pid is written to fs-NAME/tmp/standin-exec-N.pid, for the tests to watch.
printf '%s\n' "$*" >> "$DOCKER_CALL_LOG"
d="$DOCKER_REPLAY_DIR"
host_path() {
  case "$1" in
    *:/*) echo "$d/fs-${1%%:*}${1#*:}" ;;
    *) echo "$1" ;;
  esac
}
case "$1" in
  ps) cat "$d/ps.jsonl" ;;
  port)
    if [ -f "$d/port-$2.txt" ]; then cat "$d/port-$2.txt"; else echo "Error: No such container: $2" >&2; exit 1; fi ;;
  cp)
    src=$(host_path "$2"); dst=$(host_path "$3")
    if [ ! -e "$src" ]; then echo "Error response from daemon: Could not find the file $2" >&2; exit 1; fi
    mkdir -p "$(dirname "$dst")" && cp "$src" "$dst" ;;
  exec)
    shift
    while [ "$1" = -e ]; do export "$2"; shift 2; done
    name="$1"; shift; root="$d/fs-$name"
    case "$1" in
      ps)
        if [ -f "$d/ps-args-$name.txt" ]; then cat "$d/ps-args-$name.txt"; else
          echo 'OCI runtime exec failed: exec: "ps": executable file not found in $PATH: unknown' >&2; exit 127
        fi ;;
      printenv) if [ -f "$root/env/$2" ]; then cat "$root/env/$2"; else exit 1; fi ;;
      test) [ "$2" = -f ] && [ -f "$root$3" ] ;;
      cat) cat "$root$2" ;;
      kill) kill "$2" "$3" 2>/dev/null ;;
      sh)
        if [ "$4" = memlens-tree ]; then script="$3"; shift 4; exec sh -c "$script" memlens-tree "$@"; fi
        cat "$d/proc-$name.txt" ;;
      python*)
        n=$#; i=0
        while [ $i -lt $n ]; do
          a="$1"; shift
          case "$a" in /tmp/*) a="$root$a" ;; esac
          set -- "$@" "$a"; i=$((i + 1))
        done
        mkdir -p "$root/tmp"; rcfile="$root/tmp/standin-exec-$$.rc"; rm -f "$rcfile"
        export RCFILE="$rcfile" PIDFILE="$root/tmp/standin-exec-$$.pid"
        # the program writes its own pid before it starts (so the file is there before any output of it)
        ( setsid sh -c 'sh -c '\''echo $$ > "$PIDFILE.tmp"; mv "$PIDFILE.tmp" "$PIDFILE"; exec "$@"'\'' memlens-standin "$@"
          echo $? > "$RCFILE.tmp"; mv "$RCFILE.tmp" "$RCFILE"' memlens-standin "$@" & )
        while [ ! -f "$rcfile" ]; do sleep 0.05; done
        exit "$(cat "$rcfile")" ;;
      *) echo "stand-in docker: unexpected exec $*" >&2; exit 99 ;;
    esac ;;
  *) echo "docker: '$1' is not a docker command." >&2; exit 1 ;;
esac
