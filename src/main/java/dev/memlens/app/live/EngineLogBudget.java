package dev.memlens.app.live;

import dev.memlens.app.charts.EngineBudget;
import dev.memlens.core.run.SessionListener;
import dev.memlens.core.vllm.log.VllmLogListener;
import dev.memlens.core.vllm.log.VllmLogParser;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;

/**
 * Reads the gpu_memory_utilization vLLM reports in its log ("Requested memory: 0.950000 (util)", the engine
 * arguments, the summary line) as the run's lines come, and puts it into the live chart's budget unless the run's
 * own arguments gave it. The session's threads call it; the budget changes on the UI thread.
 */
public final class EngineLogBudget implements SessionListener {
    private final Executor uiExecutor;
    private final ObjectProperty<EngineBudget> budget;
    private VllmLogParser parser;
    private double reported = Double.NaN;

    /** @param budget the live chart's budget (UI thread), set by the run's start from its arguments or default */
    public EngineLogBudget(Executor uiExecutor, ObjectProperty<EngineBudget> budget) {
        this.uiExecutor = uiExecutor;
        this.budget = budget;
        reset();
    }

    /** A new run: what the last one's log said no longer counts. */
    public synchronized void reset() {
        reported = Double.NaN;
        parser = new VllmLogParser(new VllmLogListener() {
            @Override
            public void onGpuMemoryUtilization(int rank, double fraction) {
                shareReported(fraction);
            }
        });
    }

    @Override
    public synchronized void onLogLine(String stream, String line) {
        parser.accept(line);
    }

    /** Under the lock (from the parser): hands a new value to the UI thread once. */
    private void shareReported(double fraction) {
        if (!(fraction > 0 && fraction <= 1) || fraction == reported) {
            return;
        }
        reported = fraction;
        uiExecutor.execute(() -> {
            EngineBudget now = budget.get();
            if (now != null) {
                budget.set(now.withLogValue(fraction));
            }
        });
    }
}
