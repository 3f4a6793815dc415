package dev.memlens.app.workbench;

import dev.memlens.app.task.BackgroundTask;
import dev.memlens.app.task.TaskExecutor;
import dev.memlens.core.process.Host;
import dev.memlens.core.run.bench.BenchConfig;
import dev.memlens.core.run.bench.VllmVersionCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javafx.beans.value.ObservableValue;

/**
 * Asks the Bench form's vLLM command for its version ({@code vllm --version}) on this machine, off the UI thread and
 * within a timeout, whenever the command changes; the form shows the answer and its estimate uses that version's
 * rules. An answer for a command the user has since changed is dropped. With an SSH host as the target this
 * machine's vLLM says nothing of the host's: the form says so, and the run asks the host's when it starts.
 */
final class VllmVersionDetection {
    /** vLLM imports torch before it answers: seconds on a warm machine, tens on a cold one. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final BenchFormViewModel form;
    private final TaskExecutor executor;
    private final Map<String, String> environment;
    private final Duration timeout;
    private final ObservableValue<TargetViewModel.Target> target;
    private List<String> asked;

    VllmVersionDetection(BenchFormViewModel form, ObservableValue<TargetViewModel.Target> target, TaskExecutor executor,
                         Map<String, String> environment, Duration timeout) {
        this.form = form;
        this.target = target;
        this.executor = executor;
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
        form.vllmExecutable.addListener(o -> detect());
        form.python.addListener(o -> detect());
        target.addListener(o -> detect());
    }

    /** Asks the form's current command, unless that command was the last one asked. UI thread. */
    void detect() {
        if (target.getValue() == TargetViewModel.Target.SSH_HOST) {
            asked = null;
            form.versionDetected(new VllmVersionCommand.Answer(null,
                    "the SSH host's vLLM is asked when the run starts"));
            return;
        }
        List<String> command = form.toCommand();
        if (command.equals(asked)) {
            return;
        }
        asked = command;
        if (command.get(0).isEmpty()) {
            form.versionDetected(new VllmVersionCommand.Answer(null, "no vLLM command to ask"));
            return;
        }
        form.versionDetectionStarted();
        List<String> argv = BenchConfig.versionCommand(command);
        executor.submit(BackgroundTask.of("Ask vLLM for its version",
                        () -> VllmVersionCommand.ask(Host.local(), argv, environment, timeout))
                .onSuccess(answer -> answered(command, answer))
                .onFailure(e -> answered(command, new VllmVersionCommand.Answer(null, String.valueOf(e.getMessage())))));
    }

    private void answered(List<String> command, VllmVersionCommand.Answer answer) {
        if (command.equals(asked)) {
            form.versionDetected(answer);
        }
    }
}
