#!/usr/bin/env bash
# Start-up times of the jar and the app image, interleaved so machine load hits both alike.
# Needs: target/memlens.jar and target/package/memlens (mvn -Ppackage -DskipTests package),
# xvfb-run (apt-get install xvfb) for the GUI. Usage: packaging/measure-startup.sh [runs, default 7]
# MEMLENS_LAUNCHER=/opt/memlens/bin/memlens measures the installed .deb instead of the built app image.
# Prints one line per run and the medians. GUI: ms from JVM start to the first rendered frame
# (the app's -Dmemlens.firstFrameProbe=true), and the wall-clock of that run. CLI: wall-clock ms of `--version`, process start to exit.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
jar=target/memlens.jar
launcher=${MEMLENS_LAUNCHER:-target/package/memlens/bin/memlens}
probe=-Dmemlens.firstFrameProbe=true

if [[ -z "${DISPLAY:-}" ]]; then
  exec xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "$@"
fi

# "wall-ms cpu-ms" of one run; CPU (user + system) suffers less than wall time when other work shares the cores.
wall_and_cpu_ms() {
  /usr/bin/time -f '%e %U %S' -o /tmp/memlens-startup-time.$$ "$@" >/dev/null 2>&1
  awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' /tmp/memlens-startup-time.$$
}
# "first-frame-ms wall-ms": the probe's figure (from JVM start, so it misses what a native launcher does
# before the JVM) and the wall-clock of the whole probe run, process start to exit.
first_frame_ms() {
  local start end frame
  start=$(date +%s%N)
  frame=$("$@" 2>/dev/null | awk '/^first-frame-ms /{print $2}')
  end=$(date +%s%N)
  echo "$frame $(((end - start) / 1000000))"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

declare -a gui_jar gui_image gui_jar_wall gui_image_wall cli_jar cli_image cli_jar_cpu cli_image_cpu
for ((i = 1; i <= runs; i++)); do
  read -r frame wall < <(first_frame_ms java "$probe" -jar "$jar"); gui_jar+=("$frame"); gui_jar_wall+=("$wall")
  read -r frame wall < <(JAVA_TOOL_OPTIONS=$probe first_frame_ms "$launcher"); gui_image+=("$frame"); gui_image_wall+=("$wall")
  read -r wall cpu < <(wall_and_cpu_ms java -jar "$jar" --version); cli_jar+=("$wall"); cli_jar_cpu+=("$cpu")
  read -r wall cpu < <(wall_and_cpu_ms "$launcher" --version); cli_image+=("$wall"); cli_image_cpu+=("$cpu")
  echo "run $i: gui-jar ${gui_jar[-1]} (wall ${gui_jar_wall[-1]}) gui-image ${gui_image[-1]} (wall ${gui_image_wall[-1]}) cli-jar ${cli_jar[-1]} (cpu ${cli_jar_cpu[-1]})" \
    "cli-image ${cli_image[-1]} (cpu ${cli_image_cpu[-1]})"
done
echo "median gui-jar $(printf '%s\n' "${gui_jar[@]}" | median) ms"
echo "median gui-image $(printf '%s\n' "${gui_image[@]}" | median) ms"
echo "median gui-jar wall $(printf '%s\n' "${gui_jar_wall[@]}" | median) ms"
echo "median gui-image wall $(printf '%s\n' "${gui_image_wall[@]}" | median) ms"
echo "median cli-jar $(printf '%s\n' "${cli_jar[@]}" | median) ms"
echo "median cli-image $(printf '%s\n' "${cli_image[@]}" | median) ms"
echo "median cli-jar cpu $(printf '%s\n' "${cli_jar_cpu[@]}" | median) ms"
echo "median cli-image cpu $(printf '%s\n' "${cli_image_cpu[@]}" | median) ms"
