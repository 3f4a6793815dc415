#!/bin/sh
# Stand-in for the docker CLI: replays recorded outputs from $DOCKER_REPLAY_DIR and logs each call's argv
# (one line, space-joined) to $DOCKER_CALL_LOG. `docker cp` really copies, mapping NAME:/path to
# $DOCKER_REPLAY_DIR/fs-NAME/path.
printf '%s\n' "$*" >> "$DOCKER_CALL_LOG"
d="$DOCKER_REPLAY_DIR"
if [ -n "$DOCKER_STAND_IN_DENIED" ]; then
  echo "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.47/containers/json\": dial unix /var/run/docker.sock: connect: permission denied" >&2
  exit 1
fi
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
  exec)
    name="$2"; shift 2
    if [ "$1" = ps ]; then
      if [ -f "$d/ps-args-$name.txt" ]; then cat "$d/ps-args-$name.txt"; else
        echo 'OCI runtime exec failed: exec failed: unable to start container process: exec: "ps": executable file not found in $PATH: unknown' >&2
        exit 127
      fi
    elif [ "$1" = sh ] && [ "$2" = -c ]; then cat "$d/proc-$name.txt"
    else for a in "$@"; do printf 'ARG[%s]\n' "$a"; done
    fi ;;
  cp)
    src=$(host_path "$2"); dst=$(host_path "$3")
    if [ ! -e "$src" ]; then echo "Error response from daemon: Could not find the file $2" >&2; exit 1; fi
    mkdir -p "$(dirname "$dst")" && cp "$src" "$dst" ;;
  *) echo "docker: '$1' is not a docker command." >&2; exit 1 ;;
esac
