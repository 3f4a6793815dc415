package dev.memlens.cli;

import dev.memlens.core.estimate.GpuPreset;
import dev.memlens.core.estimate.GpuPresets;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ModelSpecs;
import dev.memlens.core.units.Bytes;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where {@code estimate} and {@code fit} read the model and the GPU size from. */
final class ModelAndGpuOptions {
    static final class ModelSource {
        @Option(names = "--config", paramLabel = "FILE", description = "a Hugging Face config.json")
        Path config;
        @Option(names = "--model", paramLabel = "DIR_OR_ID", description = "a model directory or a model id in the local Hugging Face cache")
        String model;

        ModelSpec load() throws IOException {
            if (config != null) {
                return ModelSpecs.load(config);
            }
            Path asPath = Path.of(model);
            if (Files.exists(asPath)) {
                return ModelSpecs.load(asPath);
            }
            return ModelSpecs.fromHfCache(model, System.getenv());
        }

        /** The model as the engines take it (a config.json's folder, else the directory or id), for printed command lines. */
        String argument() {
            if (config == null) {
                return model;
            }
            Path dir = config.toAbsolutePath().getParent();
            return dir == null ? config.toString() : dir.toString();
        }
    }

    private ModelAndGpuOptions() {
    }

    /** The GPU's memory in bytes from --gpu or --gpu-memory-gib; null when neither is given. */
    static Long gpuTotal(String gpu, Double gpuMemoryGib) {
        if (gpu != null && gpuMemoryGib != null) {
            throw new IllegalArgumentException("give either --gpu or --gpu-memory-gib, not both");
        }
        if (gpuMemoryGib != null) {
            if (!(gpuMemoryGib > 0 && gpuMemoryGib <= 1 << 20)) {
                throw new IllegalArgumentException("--gpu-memory-gib is " + gpuMemoryGib + ": give a positive size in GiB (e.g. 80)");
            }
            return Bytes.fromGib(gpuMemoryGib);
        }
        if (gpu != null) {
            GpuPreset p = GpuPresets.find(gpu).orElseThrow(() -> new IllegalArgumentException("unknown GPU '" + gpu
                    + "': use a preset id such as h100-sxm, h200, a100-40gb, rtx-4090, or --gpu-memory-gib"));
            return p.totalBytes();
        }
        return null;
    }
}
