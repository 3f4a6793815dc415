package dev.memlens.core.hf;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** One JSON line of the profiler script, typed. */
public sealed interface HfEvent {

    /** Versions and the device, first line of a run that got past the imports. */
    record Environment(String python, String torch, String transformers, String cuda, String device, String deviceName,
                       long deviceTotalBytes, int deviceCount) implements HfEvent {
    }

    /**
     * Allocator figures at a phase, plus what that phase measured (each present only for its phase:
     * loadSeconds at WEIGHTS_LOADED; promptTokens and timeToFirstTokenS at PREFILL; generatedTokens,
     * generateSeconds, decodeTokensPerSecond and kvCacheBytes — the bytes of the cache tensors generate returned — at
     * GENERATED).
     */
    record Phase(HfPhase phase, double unixTime, double elapsedS, TorchAllocatorFigures allocator,
                 OptionalDouble loadSeconds, OptionalInt batchSize, OptionalInt promptTokens,
                 OptionalDouble timeToFirstTokenS, OptionalInt generatedTokens, OptionalDouble generateSeconds,
                 OptionalDouble decodeTokensPerSecond, OptionalLong kvCacheBytes) implements HfEvent {
    }

    /** The loaded model: exact parameter count and bytes, dtype (e.g. "bfloat16"), config summary. */
    record ModelInfo(String name, boolean randomWeights, long numParameters, long parameterBytes, String dtype,
                     Map<String, Object> config) implements HfEvent {
        public ModelInfo {
            config = Map.copyOf(config);
        }
    }

    /** The run finished; the script exits 0. */
    record Done(double totalSeconds) implements HfEvent {
    }

    /**
     * The script failed (it exits non-zero).
     *
     * @param module             for MISSING_MODULE: the Python module
     * @param fix                what the user should do
     * @param allocatorAtFailure the allocator figures when it failed (after CUDA was up)
     */
    record Failure(HfFailureKind kind, String message, Optional<String> module, Optional<String> fix,
                   Optional<TorchAllocatorFigures> allocatorAtFailure) implements HfEvent {
    }
}
