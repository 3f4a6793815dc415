package dev.memlens.core.gpu.trace;

import dev.memlens.core.gpu.GpuSampleSink;

/**
 * Plays a trace into a sink on the calling thread: as fast as possible, or paced by the recorded times divided by a
 * speed factor (1 = real time, 10 = ten times faster). Stops early, without error, when the thread is interrupted.
 */
public final class TraceReplayer {
    private final double speed;

    private TraceReplayer(double speed) {
        this.speed = speed;
    }

    public static TraceReplayer asFastAsPossible() {
        return new TraceReplayer(Double.POSITIVE_INFINITY);
    }

    public static TraceReplayer realTime(double speedFactor) {
        if (!(speedFactor > 0)) {
            throw new IllegalArgumentException("replay speed must be > 0, got " + speedFactor);
        }
        return new TraceReplayer(speedFactor);
    }

    /** Returns the number of events delivered. */
    public int replay(Trace trace, GpuSampleSink sink) {
        long firstTs = trace.events().isEmpty() ? 0 : trace.events().get(0).timestampMillis();
        long startNanos = System.nanoTime();
        int delivered = 0;
        for (TraceEvent event : trace.events()) {
            if (Double.isFinite(speed)) {
                long dueNanos = startNanos + (long) ((event.timestampMillis() - firstTs) * 1_000_000L / speed);
                long wait = dueNanos - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return delivered;
                    }
                }
            }
            if (event instanceof TraceEvent.Sample s) {
                sink.onSample(s.sample());
            } else if (event instanceof TraceEvent.Processes p) {
                sink.onProcesses(p.timestampMillis(), p.processes());
            } else if (event instanceof TraceEvent.Gap g) {
                sink.onGap(g.gap());
            }
            delivered++;
        }
        return delivered;
    }
}
