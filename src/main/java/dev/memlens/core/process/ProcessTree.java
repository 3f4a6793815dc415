package dev.memlens.core.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process tree on this machine, as MemLens owns it: the root, its descendants by parent link, and every process
 * that carries the run's tag in its environment. The tag is what finds a grandchild that called setsid() and whose
 * parent died (it is re-parented to init and no longer a descendant), and what finds the survivors of an earlier,
 * killed MemLens at the next start. Every child MemLens starts gets {@link #TAG_VARIABLE}; children inherit it.
 */
public final class ProcessTree {
    public static final String TAG_VARIABLE = "MEMLENS_PROCESS_TAG";
    private static final System.Logger LOG = System.getLogger(ProcessTree.class.getName());
    private static final Path PROC = Path.of("/proc");
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private ProcessTree() {
    }

    /** A fresh tag for one started process and everything below it. */
    public static String newTag() {
        return UUID.randomUUID().toString();
    }

    /** The live processes of the tree: root (when given and alive), its descendants, and all tagged processes. */
    public static List<ProcessHandle> members(ProcessHandle root, String tag) {
        Map<Long, ProcessHandle> members = new LinkedHashMap<>();
        if (root != null && root.isAlive()) {
            members.put(root.pid(), root);
            root.descendants().forEach(handle -> members.put(handle.pid(), handle));
        }
        if (tag != null) {
            for (ProcessHandle handle : tagged(tag)) {
                members.putIfAbsent(handle.pid(), handle);
                handle.descendants().forEach(child -> members.putIfAbsent(child.pid(), child));
            }
        }
        return List.copyOf(members.values());
    }

    /** The live processes of this machine whose environment holds {@code MEMLENS_PROCESS_TAG=tag} (Linux /proc). */
    public static List<ProcessHandle> tagged(String tag) {
        byte[] wanted = (TAG_VARIABLE + "=" + tag).getBytes(StandardCharsets.UTF_8);
        List<ProcessHandle> found = new ArrayList<>();
        if (!Files.isDirectory(PROC)) {
            return found;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                long pid;
                try {
                    pid = Long.parseLong(entry.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != self && holds(entry.resolve("environ"), wanted)) {
                    ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not list /proc to find tagged processes", e);
        }
        return found;
    }

    private static boolean holds(Path environ, byte[] wanted) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(environ);
        } catch (IOException | SecurityException e) {
            return false; // gone, or another user's process: not ours
        }
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == 0) {
                if (i - start == wanted.length && java.util.Arrays.equals(bytes, start, i, wanted, 0, wanted.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /**
     * Ends the tree: SIGTERM to every member, then SIGKILL to those still alive after the grace (members that appeared
     * meanwhile included). Blocks until done; the root may be null (survivors found by tag alone).
     */
    public static TreeEnd terminate(ProcessHandle root, String tag, Duration grace) {
        // Collected before any signal: once the root dies its children are re-parented and no longer descendants.
        List<ProcessHandle> tree = new ArrayList<>(members(root, tag));
        tree.forEach(ProcessHandle::destroy);
        if (awaitExits(tree, grace)) {
            return new TreeEnd(tree.size(), 0, 0, seconds(grace));
        }
        for (ProcessHandle late : members(root, tag)) {
            if (tree.stream().noneMatch(h -> h.pid() == late.pid())) {
                tree.add(late);
            }
        }
        List<ProcessHandle> stubborn = tree.stream().filter(ProcessHandle::isAlive).toList();
        stubborn.forEach(ProcessHandle::destroyForcibly);
        awaitExits(stubborn, KILL_WAIT); // SIGKILL is delivered asynchronously
        int left = (int) stubborn.stream().filter(ProcessHandle::isAlive).count();
        if (left > 0) {
            LOG.log(Level.WARNING, left + " process(es) still listed " + KILL_WAIT.toSeconds() + " s after SIGKILL");
        }
        return new TreeEnd(tree.size(), stubborn.size(), left, seconds(grace));
    }

    private static boolean awaitExits(List<ProcessHandle> handles, Duration limit) {
        CompletableFuture<?>[] exits = handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(limit.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return handles.stream().noneMatch(ProcessHandle::isAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handles.forEach(ProcessHandle::destroyForcibly);
            return false;
        }
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s"
                : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
