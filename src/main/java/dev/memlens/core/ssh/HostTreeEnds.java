package dev.memlens.core.ssh;

import dev.memlens.core.process.ContainerHost;
import dev.memlens.core.process.EndCheck;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.ProcessTree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ends runs' process trees on the SSH host (the group by its pgid file, then the tagged stragglers) and later checks,
 * over a new connection, whether anything of them still runs, with the command that ends it.
 */
final class HostTreeEnds {
    private final SshConnection connection;
    private final String hostDescription;
    /** The trees ended on the host since the last {@link #check()}: tag → process group (0: unknown). */
    private final Map<String, Long> endedTrees = new ConcurrentHashMap<>();

    HostTreeEnds(SshConnection connection, String hostDescription) {
        this.connection = connection;
        this.hostDescription = hostDescription;
    }

    /** Ends the tagged run's group and its stragglers; {total, killed}: how many ran and how many took SIGKILL. */
    int[] end(String tag, Duration grace) {
        String tenths = Long.toString(Math.max(1, grace.toMillis() / 100));
        int total = 0;
        int killed = 0;
        try {
            ProcessResult group = SshConnection.run(connection.remote(List.of("sh", "-c", HostScripts.END_SCRIPT,
                    "memlens-end", tag, tenths)).withTimeout(grace.plus(SshConnection.SHORT)));
            endedTrees.merge(tag, HostScripts.group(group.stdoutTail()), Math::max);
            int[] counts = HostScripts.ended(group.stdoutTail());
            total += counts[0];
            killed += counts[1];
            ProcessResult stragglers = SshConnection.run(connection.remote(List.of("sh", "-c",
                    ContainerHost.TREE_SCRIPT, "memlens-tree", tag, "end", tenths))
                    .withTimeout(grace.plus(SshConnection.SHORT)));
            counts = HostScripts.ended(stragglers.stdoutTail());
            total += counts[0];
            killed += counts[1];
        } catch (RuntimeException e) {
            // reported through the counts: nothing known ended
        }
        return new int[] {total, killed};
    }

    /**
     * Over a new connection of its own (the run's may be the one that was lost): the processes of the trees ended
     * since the last call that still run on the host, by their recorded process group and their tag.
     */
    EndCheck check() {
        Map<String, Long> trees = new TreeMap<>();
        for (String tag : List.copyOf(endedTrees.keySet())) {
            Long group = endedTrees.remove(tag);
            if (group != null) {
                trees.put(tag, group);
            }
        }
        if (trees.isEmpty()) {
            return EndCheck.NONE;
        }
        List<String> remoteArgv = new ArrayList<>(List.of("sh", "-c", HostScripts.LEFT_SCRIPT, "memlens-left"));
        trees.forEach((tag, group) -> {
            remoteArgv.add(tag);
            remoteArgv.add(Long.toString(group));
        });
        ProcessResult result = SshConnection.run(connection.separate(remoteArgv).withTimeout(SshConnection.SHORT));
        String how = "over a new ssh connection";
        String kill = killByTag(trees.keySet());
        if (!result.succeeded() || !result.stdoutTail().contains("checked")) {
            String cause = SshConnection.lost(result) ? connection.classify(result).getMessage()
                    : result.message() + " " + String.join(" ", result.stderrTail()).strip();
            trees.forEach((tag, group) -> endedTrees.merge(tag, group, Math::max)); // the next check tries again
            return new EndCheck(hostDescription, how, trees.size(), List.of(), kill, cause.strip());
        }
        List<Long> pids = result.stdoutTail().stream().map(String::strip).filter(l -> l.matches("\\d{1,18}"))
                .map(Long::valueOf).toList();
        return new EndCheck(hostDescription, how, trees.size(), pids, pids.isEmpty() ? null : kill, null);
    }

    /**
     * The command a user runs to end every process carrying the tags (short-lived children included, pids known or
     * not): "ssh gpu-box "grep -lzx MEMLENS_PROCESS_TAG=T /proc/[0-9]*&#47;environ 2>/dev/null | cut -d/ -f3 | xargs -r
     * kill -KILL 2>/dev/null || true"".
     */
    private String killByTag(Collection<String> tags) {
        StringBuilder grep = new StringBuilder("grep -lzx");
        tags.forEach(tag -> grep.append(" -e ").append(ProcessTree.TAG_VARIABLE).append('=').append(tag));
        // quiet and successful when a listed process ended before its kill (the engine's short-lived children do),
        // and /proc's unreadable entries are no news to the user
        return connection.connectHint() + " \"" + grep + " /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3"
                + " | xargs -r kill -KILL 2>/dev/null || true\"";
    }
}
