package dev.memlens.core.vllm.log;

import java.util.Map;

/**
 * The "Initializing a V1 LLM engine (v0.19.0) with config: ..." line. Every value is as vLLM printed it
 * (quotes removed); {@code null} when absent. {@link #entries()} holds every scalar top-level entry.
 */
public record EngineConfig(String vllmVersion, String model, String dtype, Long maxSeqLen, Integer tensorParallelSize,
                           Integer pipelineParallelSize, String quantization, String kvCacheDtype, Boolean enforceEager,
                           String loadFormat, Map<String, String> entries) {
    public EngineConfig {
        entries = Map.copyOf(entries);
    }
}
