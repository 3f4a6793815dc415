package dev.memlens.app.workbench;

import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.TaskExecutor;
import java.util.concurrent.Executor;

/** Connects the workbench to the rest of the window: a finished run opens in Results and appears in History. */
public final class WorkbenchWiring {
    private WorkbenchWiring() {
    }

    public static WorkbenchViewModel create(WorkbenchServices services, TaskExecutor executor, Executor uiThread,
                                            MainViewModel main) {
        WorkbenchViewModel[] self = new WorkbenchViewModel[1];
        self[0] = new WorkbenchViewModel(services, executor, uiThread, result -> {
            String title = self[0].selectedFormProperty().get().title();
            EstimatedCalculator e = result.estimate();
            main.showFinishedRun(result.outcome() == null ? null : result.outcome().report(),
                    e == null ? null : e.formulas(), e == null ? null : e.totalFormula(), result.summary(title));
        });
        self[0].live().unitProperty().bind(main.unitProperty()); // the live chart in the app-wide unit
        self[0].processes().unitProperty().bind(main.unitProperty());
        // the status line says what is going on while a run goes (the phase label says where it is)
        self[0].run().runningProperty().addListener((o, was, running) -> {
            if (running) {
                main.setStatus("Running " + self[0].selectedFormProperty().get().title()
                        + " · the report is saved to the run library when it ends (Escape cancels)");
            }
        });
        return self[0];
    }

    /** At start: recover runs a crash left behind (they appear in History as interrupted). */
    public static void recoverInterruptedRuns(WorkbenchViewModel workbench, MainViewModel main) {
        workbench.recoverInterruptedRuns(recovered -> {
            if (!recovered.isEmpty()) {
                main.history().refresh();
                main.setStatus("Recovered " + recovered.size() + (recovered.size() == 1 ? " run" : " runs")
                        + " that a crash interrupted; History marks them as interrupted.");
            }
        });
    }
}
