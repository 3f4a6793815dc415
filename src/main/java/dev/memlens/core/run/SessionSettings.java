package dev.memlens.core.run;

import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSamplers;
import dev.memlens.core.gpu.GpuSamplerException;
import dev.memlens.core.report.CalculatorValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a session runs: where reports go, how GPUs are sampled, the environment children get, an optional time
 * limit, an optional extra output file, and calculator values to compare with.
 */
public record SessionSettings(Path runsDir, GpuSamplerOptions samplerOptions, SamplerFactory samplerFactory,
                              Map<String, String> environment, Duration timeout, Path outputFile,
                              CalculatorValues calculator) {

    /** Creates the sampler; tests and the real app both go through {@link GpuSamplers#detect}. */
    @FunctionalInterface
    public interface SamplerFactory {
        GpuSampler create(GpuSamplerOptions options) throws GpuSamplerException;
    }

    public SessionSettings {
        Objects.requireNonNull(runsDir, "runsDir");
        Objects.requireNonNull(samplerOptions, "samplerOptions");
        samplerFactory = samplerFactory == null ? GpuSamplers::detect : samplerFactory;
        environment = Map.copyOf(environment == null ? Map.of() : environment);
    }

    public static SessionSettings defaults(Path runsDir, Map<String, String> environment) {
        return new SessionSettings(runsDir, GpuSamplerOptions.defaults(environment), null, environment, null, null, null);
    }

    public SessionSettings withTimeout(Duration value) {
        return new SessionSettings(runsDir, samplerOptions, samplerFactory, environment, value, outputFile, calculator);
    }

    public SessionSettings withOutputFile(Path value) {
        return new SessionSettings(runsDir, samplerOptions, samplerFactory, environment, timeout, value, calculator);
    }

    public SessionSettings withCalculator(CalculatorValues value) {
        return new SessionSettings(runsDir, samplerOptions, samplerFactory, environment, timeout, outputFile, value);
    }

    public SessionSettings withSamplerOptions(GpuSamplerOptions value) {
        return new SessionSettings(runsDir, value, samplerFactory, environment, timeout, outputFile, calculator);
    }
}
