package dev.memlens.core.run.modes;

import dev.memlens.core.hf.HfProfileRequest;
import dev.memlens.core.hf.HfProfilerDriver;
import dev.memlens.core.run.RunContext;
import dev.memlens.core.process.Host;
import dev.memlens.core.process.ProcessSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the script extracted into the run's scratch folder with a Python interpreter of the run's host: this machine,
 * or an SSH host, where the script is copied to /tmp first.
 */
final class LocalHfLauncher implements HfLauncher {
    private final String interpreter;
    private final Duration cancelGrace;

    LocalHfLauncher(String interpreter, Duration cancelGrace) {
        this.interpreter = interpreter;
        this.cancelGrace = cancelGrace;
    }

    @Override
    public ProcessSpec prepare(RunContext context, HfProfileRequest request) throws IOException {
        HfProfilerDriver driver = new HfProfilerDriver(interpreter);
        Path script = HfProfilerDriver.extractScript(context.scratchDir().resolve("hf"));
        if (!context.processes().isThisMachine()) {
            String onHost = "/tmp/memlens-" + java.util.UUID.randomUUID() + "-" + script.getFileName();
            context.processes().copyFile(script, onHost);
            script = Path.of(onHost);
        }
        return driver.processSpec(script, request).withEnvironment(context.environment()).withCancelGrace(cancelGrace);
    }

    @Override
    public Host host(RunContext context) {
        return context.processes();
    }

    @Override
    public String where() {
        return interpreter;
    }
}
