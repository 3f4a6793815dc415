package dev.memlens.app.workbench;

import dev.memlens.core.run.SessionSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the workbench runs with: the environment children get (PATH decides which vllm, nvidia-smi and docker run;
 * tests put stand-ins first), the run library, the settings folder, and how GPU samplers are made.
 */
public record WorkbenchServices(Map<String, String> environment, Path runsDir, Path configDir,
                                SessionSettings.SamplerFactory samplerFactory) {
    public WorkbenchServices {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(runsDir, "runsDir");
        Objects.requireNonNull(configDir, "configDir");
        samplerFactory = samplerFactory == null ? dev.memlens.core.gpu.GpuSamplers::detect : samplerFactory;
    }

    public Path presetsFile() {
        return configDir.resolve("presets.json");
    }

    public Path settingsFile() {
        return configDir.resolve("settings.json");
    }
}
