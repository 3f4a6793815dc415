package dev.memlens.app.workbench;

import dev.memlens.app.task.BackgroundTask;
import dev.memlens.app.task.TaskExecutor;
import dev.memlens.core.process.Host;
import dev.memlens.core.run.bench.BenchConfig;
import dev.memlens.core.run.bench.VllmVersionCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Asks the Bench form's vLLM command for its version ({@code vllm --version}) on this machine, off the UI thread and
 * within a timeout, whenever the command changes; the form shows the answer and its estimate uses that version's
 * rules. An answer for a command the user has since changed is dropped.
 */
final class VllmVersionDetection {
    /** vLLM imports torch before it answers: seconds on a warm machine, tens on a cold one. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final BenchFormViewModel form;
    private final TaskExecutor executor;
    private final Map<String, String> environment;
    private final Duration timeout;
    private List<String> asked;

    VllmVersionDetection(BenchFormViewModel form, TaskExecutor executor, Map<String, String> environment,
                         Duration timeout) {
        this.form = form;
        this.executor = executor;
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
        form.vllmExecutable.addListener(o -> detect());
        form.python.addListener(o -> detect());
    }

    /** Asks the form's current command, unless that command was the last one asked. UI thread. */
    void detect() {
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
