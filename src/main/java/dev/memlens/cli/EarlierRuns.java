package dev.memlens.cli;

import dev.memlens.core.run.JournalRecovery;
import dev.memlens.core.run.Survivor;
import dev.memlens.core.run.Survivors;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Before a run: interrupted runs' journals become reports, and the engine processes they left running (holding GPU
 * memory, spoiling this run's baseline) are named, or ended with {@code --end-survivors}.
 */
final class EarlierRuns {
    static final String END_FLAG = "--end-survivors";

    private EarlierRuns() {
    }

    static void recover(Path runsDir, boolean endSurvivors, PrintWriter err) {
        JournalRecovery.Result result = JournalRecovery.recover(runsDir);
        for (Path recovered : result.reports()) {
            err.println("memlens: recovered an interrupted run into " + recovered);
        }
        result.problems().forEach(problem -> err.println("memlens: " + problem));
        List<Survivor> survivors = result.survivors();
        if (survivors.isEmpty()) {
            return;
        }
        if (endSurvivors) {
            Survivors.end(runsDir, survivors).forEach(line -> err.println("memlens: " + line));
            return;
        }
        err.println("memlens: processes of an interrupted run are still running and may hold GPU memory:");
        survivors.forEach(survivor -> err.println("memlens:   " + survivor.describe()));
        err.println("memlens: end them with " + END_FLAG + " (the baseline of this run includes their memory)");
        err.flush();
    }
}
