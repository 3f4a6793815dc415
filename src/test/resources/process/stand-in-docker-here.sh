#!/bin/sh
# Stand-in for the docker CLI whose one "container" is this machine: `docker exec [-e K=V]... [-w DIR] NAME argv...`
# runs argv here with those variables added; `docker cp SRC NAME:/path` copies to $DOCKER_ROOT/path. Each call's argv
# is logged (space-joined) to $DOCKER_CALL_LOG.
printf '%s\n' "$*" >> "$DOCKER_CALL_LOG"
case "$1" in
  exec)
    shift
    dir=""
    while :; do
      case "$1" in
        -e) export "$2"; shift 2 ;;
        -w) dir="$2"; shift 2 ;;
        *) break ;;
      esac
    done
    shift
    if [ -n "$dir" ]; then cd "$dir" || exit 126; fi
    exec "$@" ;;
  cp)
    dst="$DOCKER_ROOT/${3#*:}"
    if [ ! -e "$2" ]; then echo "Error response from daemon: Could not find the file $2" >&2; exit 1; fi
    mkdir -p "$(dirname "$dst")" && cp "$2" "$dst" ;;
  *) echo "docker: '$1' is not a docker command." >&2; exit 1 ;;
esac
