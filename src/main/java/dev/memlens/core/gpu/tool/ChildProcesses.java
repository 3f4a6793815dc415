package dev.memlens.core.gpu.tool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends a child process and everything it started, within a bounded time: destroy, a short grace, then
 * destroyForcibly. Descendants are listed before the kill because once the parent is gone they are re-parented and
 * no longer show up as ours (and a surviving grandchild would keep the stdout pipe open).
 */
public final class ChildProcesses {
    private ChildProcesses() {
    }

    /** Returns true when the process and all its listed descendants are dead when this returns. */
    public static boolean terminate(Process process, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.add(process.toHandle());
        for (ProcessHandle handle : tree) {
            handle.destroy();
        }
        if (!waitAll(tree, grace)) {
            for (ProcessHandle handle : tree) {
                handle.destroyForcibly();
            }
            waitAll(tree, grace.plusSeconds(2));
        }
        closeQuietly(process);
        return tree.stream().noneMatch(ProcessHandle::isAlive);
    }

    private static boolean waitAll(List<ProcessHandle> tree, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            CompletableFuture<ProcessHandle> exit = handle.onExit();
            try {
                exit.get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // timed out or failed: checked below
            }
        }
        return tree.stream().noneMatch(ProcessHandle::isAlive);
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (Exception ignored) {
            // nothing to do: the process is gone
        }
    }
}
