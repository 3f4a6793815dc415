package dev.memlens.core.run;

/** Progress within a phase: "Warm-up 3/10", "Bench 17/30", "Requests 5/8"; total is 0 when unknown. */
public record ProgressUpdate(RunPhase phase, String label, long done, long total) {
    public double fraction() {
        return total <= 0 ? -1 : Math.min(1.0, (double) done / total);
    }

    @Override
    public String toString() {
        return total > 0 ? label + " " + done + "/" + total : label;
    }
}
