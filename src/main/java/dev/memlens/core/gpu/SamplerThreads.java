package dev.memlens.core.gpu;

/** The sampler's threads: named (they show up in thread dumps and the benchmark) and daemon (never keep the JVM up). */
public final class SamplerThreads {
    private SamplerThreads() {
    }

    public static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Waits for a thread at most {@code millis}; true if it ended. */
    public static boolean joinBounded(Thread thread, long millis) {
        if (thread == null || thread == Thread.currentThread()) {
            return true;
        }
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
