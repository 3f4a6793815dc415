package dev.memlens.core.vllm.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StartupFailuresTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "failure-oom-during-load.log|CUDA_OOM_DURING_LOAD|896.00 MiB",
            "failure-oom-during-profiling.log|CUDA_OOM_DURING_PROFILING|--max-num-batched-tokens",
            "failure-no-kv-cache-memory.log|NO_KV_CACHE_MEMORY|--gpu-memory-utilization",
            "failure-max-model-len.log|MAX_MODEL_LEN_TOO_LONG|--max-model-len 34400",
            "failure-max-model-len-v0.log|MAX_MODEL_LEN_TOO_LONG|--max-model-len 13360",
            "failure-free-memory-below-utilization.log|FREE_MEMORY_BELOW_UTILIZATION|--gpu-memory-utilization to 0.44",
            // the newer wording names the device; a real line (pytorch/pytorch issue 175666)
            "failure-free-memory-below-utilization-device.log|FREE_MEMORY_BELOW_UTILIZATION|to 0.89 or less",
            "failure-model-load-not-enough-memory.log|MODEL_LOAD_NOT_ENOUGH_MEMORY|--tensor-parallel-size",
            // v0.10.1's wording (vllm-formats.md, 2b) with a negative figure: no pool, the failure to come
            "failure-negative-available-kv.log|NO_KV_CACHE_MEMORY|2.43 GiB over",
    })
    void each_failure_is_found_once_with_advice(String fixture, FailureKind kind, String adviceMentions) {
        VllmStartupReport r = Fixtures.parse(fixture);
        assertEquals(1, r.failures().size(), r.failures().toString());
        StartupFailure f = r.failures().get(0);
        assertEquals(kind, f.kind());
        assertTrue(f.advice().contains(adviceMentions), f.advice());
        assertTrue(f.lineNumber() > 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "v1-0.19-llama3.1-8b-h100-debug.log", "v1-0.8.3-qwen2-1.5b.log", "v0-0.6.6-llama3-8b-a100-40g.log",
            "v1-0.26-glm-4.5-air-tp4-merged-kv-line.log", "v0-0.7.3-tp2-multiproc-colour.log"})
    void healthy_logs_report_no_failure(String fixture) {
        assertTrue(Fixtures.parse(fixture).failures().isEmpty());
    }

    @org.junit.jupiter.api.Test
    void free_memory_below_utilization_on_a_named_device_quotes_its_figures() {
        StartupFailure f = Fixtures.parse("failure-free-memory-below-utilization-device.log").failures().get(0);
        assertEquals("Only 19.77 of 22.05 GiB were free on cuda:1 at start-up but 19.84 GiB (gpu_memory_utilization 0.9)"
                + " were requested: another process holds GPU memory. Stop it (nvidia-smi lists it) or lower"
                + " --gpu-memory-utilization to 0.89 or less.", f.advice());
        assertTrue(f.message().startsWith("Free memory on device cuda:1 (19.77/22.05 GiB) on startup"), f.message());
        assertEquals(1, f.lineNumber());
    }

    @org.junit.jupiter.api.Test
    void a_negative_available_kv_memory_is_no_kv_pool() {
        VllmStartupReport r = Fixtures.parse("failure-negative-available-kv.log");
        assertEquals(null, r.ranks().get(0).kvCacheBytes(), "never a negative KV cache");
        assertEquals(dev.memlens.core.units.Bytes.fromGib(74.39), r.ranks().get(0).weightsBytes());
    }
}
