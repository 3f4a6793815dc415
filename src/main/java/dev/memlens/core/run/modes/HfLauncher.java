package dev.memlens.core.run.modes;

import dev.memlens.core.hf.HfProfileRequest;
import dev.memlens.core.run.RunContext;
import dev.memlens.core.process.Host;
import dev.memlens.core.process.ProcessSpec;
import java.io.IOException;

/** Where the profiler script runs: on this machine, or inside a container through docker exec. */
interface HfLauncher {
    /** Puts the script where it runs and returns the process to start. */
    ProcessSpec prepare(RunContext context, HfProfileRequest request) throws IOException, InterruptedException;

    /** Where the script runs: the run's host, or the container (whose tree kill reaches the script inside it). */
    Host host(RunContext context);

    /** "local python3" or "container NAME", for messages. */
    String where();
}
