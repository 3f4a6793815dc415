package dev.memlens.core.ssh;

import dev.memlens.core.process.ProcessTree;
import java.util.List;

/**
 * The shell scripts MemLens runs on an SSH host to start a program in a process group of its own, end that group
 * and list what is left of ended groups, and the readers of what they print. Each script takes its values as
 * positional arguments ({@link RemoteShell} quotes them), never spliced into its text.
 */
final class HostScripts {
    private HostScripts() {
    }

    /**
     * Runs "$@" in the group of this new session's leader: $1 tag, $2 working directory (may be empty), $3 grace in
     * tenths of a second. The watcher follows the sshd session process (the parent of setsid): when it is gone the
     * client went away (lost connection), so it ends the group: SIGTERM, then SIGKILL after the grace.
     */
    static final String RUN_SCRIPT = String.join("\n",
            "f=\"${TMPDIR:-/tmp}/memlens-$1.pgid\"; tenths=\"$3\"; echo $$ > \"$f\"",
            "[ -z \"$2\" ] || cd \"$2\" || { rm -f \"$f\"; echo \"memlens: no directory $2 on the host\" >&2; exit 126; }",
            "shift 3",
            "session=$(awk '{print $4}' \"/proc/$PPID/stat\" 2>/dev/null)",
            "\"$@\" </dev/null &",
            "child=$!",
            "( [ -n \"$session\" ] || exit 0; nap=",
            "  trap 'kill $nap 2>/dev/null; exit 0' TERM",
            "  while [ -e \"/proc/$session\" ]; do sleep 1 & nap=$!; wait $nap; done",
            "  trap '' TERM; kill -TERM -$$ 2>/dev/null; i=0",
            "  while [ $i -lt \"$tenths\" ] && kill -0 -$$ 2>/dev/null; do sleep 0.1; i=$((i+1)); done",
            "  rm -f \"$f\"; kill -KILL -$$ 2>/dev/null ) </dev/null >/dev/null 2>&1 &",
            "watcher=$!",
            "wait $child; rc=$?",
            "kill $watcher 2>/dev/null; rm -f \"$f\"; exit $rc");
    /**
     * Ends a run's process group on the host: $1 tag, $2 grace in tenths; prints "ended TOTAL KILLED". Zombies do not
     * count (they run nothing; in a container without an init they may never be reaped).
     */
    static final String END_SCRIPT = String.join("\n",
            "f=\"${TMPDIR:-/tmp}/memlens-$1.pgid\"; tenths=\"$2\"",
            "[ -f \"$f\" ] || { echo ended 0 0; exit 0; }",
            "pg=$(cat \"$f\"); echo group \"$pg\"",
            "count() { ps -e -o pgid=,stat= 2>/dev/null | awk -v g=\"$pg\" '$1==g && $2 !~ /^Z/ {n++} END{print n+0}'; }",
            "total=$(count); [ \"$total\" -gt 0 ] || { rm -f \"$f\"; echo ended 0 0; exit 0; }",
            "kill -TERM \"-$pg\" 2>/dev/null; i=0",
            "while [ $i -lt \"$tenths\" ]; do [ \"$(count)\" -gt 0 ] || { rm -f \"$f\"; echo ended $total 0; exit 0; }",
            "  sleep 0.1; i=$((i+1)); done",
            // SIGKILL is delivered asynchronously: "ended" only once the group is gone (or 5 s passed)
            "left=$(count); kill -KILL \"-$pg\" 2>/dev/null; i=0",
            "while [ $i -lt 50 ] && [ \"$(count)\" -gt 0 ]; do sleep 0.1; i=$((i+1)); done",
            "rm -f \"$f\"; echo ended $total $left");
    /**
     * Lists what runs of ended trees: pairs of $1 tag, $2 process group (0: unknown), each the group's live members
     * and every process carrying the tag; prints their pids, then "checked".
     */
    static final String LEFT_SCRIPT = String.join("\n",
            "while [ $# -ge 2 ]; do tag=\"$1\"; pg=\"$2\"; shift 2",
            "  [ \"$pg\" = 0 ] || ps -e -o pid=,pgid=,stat= 2>/dev/null | awk -v g=\"$pg\" '$2==g && $3 !~ /^Z/ {print $1}'",
            "  for e in /proc/[0-9]*/environ; do p=${e#/proc/}; p=${p%/environ}; [ \"$p\" = \"$$\" ] && continue",
            "    tr '\\000' '\\n' < \"$e\" 2>/dev/null | grep -qx \"" + ProcessTree.TAG_VARIABLE + "=$tag\" && echo \"$p\"; done",
            "done | sort -un",
            "echo checked");

    /** The process group END_SCRIPT found recorded, 0 when none was. */
    static long group(List<String> lines) {
        for (String line : lines) {
            String[] words = line.strip().split("\\s+");
            if (words.length == 2 && words[0].equals("group") && words[1].matches("\\d{1,18}")) {
                return Long.parseLong(words[1]);
            }
        }
        return 0;
    }

    /** What an "ended TOTAL KILLED" line counts: {total, killed}; {0, 0} when no such line was printed. */
    static int[] ended(List<String> lines) {
        for (String line : lines) {
            String[] words = line.strip().split("\\s+");
            if (words.length == 3 && words[0].equals("ended") && words[1].matches("\\d+") && words[2].matches("\\d+")) {
                return new int[] {Integer.parseInt(words[1]), Integer.parseInt(words[2])};
            }
        }
        return new int[] {0, 0};
    }
}
