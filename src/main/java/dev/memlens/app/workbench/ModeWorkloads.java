package dev.memlens.app.workbench;

import static dev.memlens.app.workbench.FieldRules.intValue;
import static dev.memlens.app.workbench.FieldRules.optionalInt;
import static dev.memlens.app.workbench.FieldRules.optionalText;

import dev.memlens.core.hf.HfProfileRequest;
import dev.memlens.core.run.Workload;
import dev.memlens.core.run.modes.ApiConfig;
import dev.memlens.core.run.modes.ApiWorkload;
import dev.memlens.core.run.modes.DockerConfig;
import dev.memlens.core.run.modes.DockerWorkload;
import dev.memlens.core.run.modes.HfConfig;
import dev.memlens.core.run.modes.HfWorkload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Builds the API, transformers and container workloads from their forms, as `memlens api|hf|docker` would. */
final class ModeWorkloads {
    private ModeWorkloads() {
    }

    static ApiConfig apiConfig(ApiFormViewModel f, Path modelConfig) {
        return new ApiConfig(f.baseUrl.get().trim(), f.apiKey(), optionalText(f.model.get()), f.prompt.get(),
                intValue(f.maxTokens.get()), intValue(f.batchSize.get()), f.chat.get(), f.ignoreEos.get(), modelConfig,
                intValue(f.tensorParallel.get()), Duration.ofMillis(intValue(f.metricsIntervalMs.get())), null);
    }

    static Workload api(ApiFormViewModel f, Path modelConfig) {
        return new ApiWorkload(apiConfig(f, modelConfig));
    }

    static HfConfig hfConfig(HfFormViewModel f) {
        Integer input = optionalInt(f.inputLen.get());
        return HfConfig.of(new HfProfileRequest(f.modelArgument.get(), f.randomWeights.get(), f.dtype.get().trim(),
                intValue(f.batchSize.get()), input == null ? OptionalInt.empty() : OptionalInt.of(input),
                Optional.ofNullable(optionalText(f.prompt.get())), intValue(f.maxNewTokens.get()), f.device.get().trim(),
                f.trustRemoteCode.get()), f.python.get().trim());
    }

    static Workload hf(HfFormViewModel f) {
        return new HfWorkload(hfConfig(f));
    }

    static DockerConfig dockerConfig(ContainerFormViewModel f) {
        return new DockerConfig(f.container.get().trim(), f.dockerCommand.get().trim(), intValue(f.port.get()),
                optionalText(f.model.get()), optionalText(f.prompt.get()), intValue(f.maxTokens.get()),
                intValue(f.batchSize.get()), f.dtype.get().trim(), optionalInt(f.inputLen.get()), f.randomWeights.get(),
                f.chat.get(), f.apiKey(), null, f.python.get().trim(), null);
    }

    static Workload docker(ContainerFormViewModel f) {
        return new DockerWorkload(dockerConfig(f));
    }
}
