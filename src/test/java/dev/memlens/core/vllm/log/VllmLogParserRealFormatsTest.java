package dev.memlens.core.vllm.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.units.Bytes;
import org.junit.jupiter.api.Test;

/** Every format of the reference, with the figures the real logs print. */
class VllmLogParserRealFormatsTest {

    private static long gib(double v) {
        return Bytes.fromGib(v);
    }

    @Test
    void v1_0_19_llama_debug_gives_the_full_split() {
        VllmStartupReport r = Fixtures.parse("v1-0.19-llama3.1-8b-h100-debug.log");
        assertEquals(LogFormat.V1, r.format());
        assertEquals("0.19.0", r.vllmVersion());
        assertEquals(1, r.ranks().size());
        RankMemory m = r.ranks().get(0);
        assertEquals(gib(14.99), m.weightsBytes());
        assertEquals(gib(1.89), m.activationPeakBytes());
        assertEquals(gib(0.25), m.nonTorchBytes());
        assertEquals(gib(58.11), m.kvCacheBytes());
        assertEquals(476_016L, m.kvCacheTokens());
        assertEquals(29_751L, m.numGpuBlocks(), "the CUDA-graph dry run override (0 -> 512) is not the pool");
        assertEquals(58.11, m.maxConcurrency());
        assertEquals(8192L, m.maxModelLen());
        assertEquals(gib(0.91), m.cudaGraphBytes());
        assertEquals(gib(0.84), m.cudaGraphEstimatedBytes());
        assertEquals(gib(79.19), m.totalGpuMemoryBytes());
        assertEquals(0.95, m.gpuMemoryUtilization());
        EngineConfig c = r.engineConfig();
        assertEquals("meta-llama/Llama-3.1-8B-Instruct", c.model());
        assertEquals("torch.bfloat16", c.dtype());
        assertEquals(8192L, c.maxSeqLen());
        assertEquals(1, c.tensorParallelSize());
        assertEquals("None", c.quantization());
        assertEquals("auto", c.kvCacheDtype());
        assertEquals(Boolean.FALSE, c.enforceEager());
        assertTrue(r.failures().isEmpty());
    }

    @Test
    void v1_0_19_moe_and_mla_logs() {
        RankMemory moe = Fixtures.parse("v1-0.19-qwen3-30b-a3b-moe-h100-debug.log").ranks().get(0);
        assertEquals(gib(56.88), moe.weightsBytes());
        assertEquals(gib(2.68), moe.activationPeakBytes());
        assertEquals(gib(0.27), moe.nonTorchBytes());
        assertEquals(gib(15.41), moe.kvCacheBytes());
        assertEquals(168_288L, moe.kvCacheTokens());
        assertEquals(gib(1.24), moe.cudaGraphEstimatedBytes());
        assertEquals(gib(1.41), moe.cudaGraphBytes());
        RankMemory mla = Fixtures.parse("v1-0.19-deepseek-v2-lite-mla-h100-debug.log").ranks().get(0);
        assertEquals(gib(29.43), mla.weightsBytes());
        assertEquals(gib(1.93), mla.activationPeakBytes());
        assertEquals(gib(0.26), mla.nonTorchBytes());
        assertEquals(gib(43.61), mla.kvCacheBytes());
        assertEquals(1_505_552L, mla.kvCacheTokens());
        assertEquals(gib(1.39), mla.cudaGraphEstimatedBytes());
        assertEquals(gib(1.57), mla.cudaGraphBytes());
        assertEquals(183.78, mla.maxConcurrency());
    }

    @Test
    void v1_0_8_3_info_log_has_no_kv_memory_line() {
        VllmStartupReport r = Fixtures.parse("v1-0.8.3-qwen2-1.5b.log");
        assertEquals(LogFormat.V1, r.format());
        assertEquals("0.8.3", r.vllmVersion());
        RankMemory m = r.ranks().get(0);
        assertEquals(gib(3.3465), m.weightsBytes());
        assertEquals(426_448L, m.kvCacheTokens());
        assertEquals(131_072L, m.maxModelLen());
        assertEquals(3.25, m.maxConcurrency());
        assertEquals(gib(1.47), m.cudaGraphBytes());
        assertNull(m.kvCacheBytes());
        assertNull(m.activationPeakBytes());
    }

    @Test
    void newest_v1_merged_kv_line_and_worker_tp_prefixes() {
        VllmStartupReport r = Fixtures.parse("v1-0.26-glm-4.5-air-tp4-merged-kv-line.log");
        assertEquals("0.26.0", r.vllmVersion());
        assertEquals(4, r.ranks().size());
        assertEquals(4, r.engineConfig().tensorParallelSize());
        for (RankMemory m : r.ranks()) {
            assertEquals(gib(51.08), m.weightsBytes());
            assertEquals(1_233_024L, m.kvCacheTokens(), "engine-wide figure copied to rank " + m.rank());
            assertEquals(131_072L, m.maxModelLen());
            assertEquals(9.41, m.maxConcurrency());
            assertEquals(gib(1.2), m.cudaGraphBytes());
            assertEquals(gib(1.12), m.cudaGraphEstimatedBytes());
        }
        assertEquals(gib(14.11), r.rank(0).orElseThrow().kvCacheBytes());
        assertEquals(gib(14.37), r.rank(3).orElseThrow().kvCacheBytes());
    }

    @Test
    void v1_vllmworker_rank_prefixes_colour_and_glued_progress() {
        VllmStartupReport r = Fixtures.parse("v1-0.10-tp2-vllmworker-colour.log");
        assertEquals(2, r.ranks().size());
        assertEquals(gib(33.74), r.rank(0).orElseThrow().kvCacheBytes());
        assertEquals(gib(33.87), r.rank(1).orElseThrow().kvCacheBytes());
        assertEquals(gib(0.64), r.rank(0).orElseThrow().cudaGraphBytes());
        assertEquals(gib(0.63), r.rank(1).orElseThrow().cudaGraphBytes(), "record glued after a tqdm bar");
        assertEquals(0.85, r.rank(1).orElseThrow().gpuMemoryUtilization(), "from the non-default args");
        assertEquals(276_384L, r.rank(1).orElseThrow().kvCacheTokens());
    }

    @Test
    void v0_multiline_profiling_of_0_6_6() {
        VllmStartupReport r = Fixtures.parse("v0-0.6.6-llama3-8b-a100-40g.log");
        assertEquals(LogFormat.V0, r.format());
        assertEquals("0.6.6.post1", r.vllmVersion());
        RankMemory m = r.ranks().get(0);
        assertEquals(gib(14.96), m.weightsBytes(), "the later GiB line refines 'Loading model weights took 14.9595 GB'");
        assertEquals(gib(0.10), m.nonTorchBytes());
        assertEquals(gib(9.37), m.activationPeakBytes());
        assertEquals(gib(11.12), m.kvCacheBytes());
        assertEquals(5691L, m.numGpuBlocks());
        assertEquals(11.12, m.maxConcurrency());
        assertEquals(8192L, m.maxModelLen());
        assertEquals(gib(39.50), m.totalGpuMemoryBytes());
        assertEquals(0.90, m.gpuMemoryUtilization());
        assertEquals(gib(0.27), m.cudaGraphBytes());
        assertNull(m.kvCacheTokens());
    }

    @Test
    void v0_loading_model_weights_gb_is_really_gib() throws Exception {
        VllmLogParser p = new VllmLogParser();
        p.accept("INFO 01-13 11:35:21 model_runner.py:1099] Loading model weights took 14.9595 GB");
        assertEquals(gib(14.9595), p.result().ranks().get(0).weightsBytes());
    }

    @Test
    void v0_table_of_0_6_5_dev() {
        VllmStartupReport r = Fixtures.parse("v0-0.6.5dev-llama3-8b-h100-table.log");
        assertEquals(LogFormat.V0, r.format());
        RankMemory m = r.ranks().get(0);
        assertEquals(gib(14.96), m.weightsBytes());
        assertEquals(gib(1.79), m.nonTorchBytes());
        assertEquals(gib(1.26), m.activationPeakBytes());
        assertEquals(gib(53.29), m.kvCacheBytes());
        assertEquals(gib(79.22), m.totalGpuMemoryBytes());
        assertEquals(0.90, m.gpuMemoryUtilization());
        assertEquals(27_285L, m.numGpuBlocks());
    }

    @Test
    void v0_single_line_profiling_results_up_to_0_6_3() {
        VllmStartupReport r = Fixtures.parse("v0-0.6.3-profiling-results.log");
        assertEquals(LogFormat.V0_PROFILING_RESULTS, r.format());
        assertEquals("0.6.3.post1", r.vllmVersion());
        RankMemory m = r.ranks().get(0);
        assertEquals(gib(12.5523), m.weightsBytes());
        assertEquals(gib(79.15), m.totalGpuMemoryBytes());
        assertEquals(gib(0.47), m.nonTorchBytes());
        assertEquals(gib(56.87), m.kvCacheBytes());
        assertEquals(0.90, m.gpuMemoryUtilization());
        assertEquals(gib(13.90) - gib(12.5523), m.activationPeakBytes(), "peak_torch_memory minus the weights");
        assertEquals(7279L, m.numGpuBlocks());
        assertNull(m.cudaGraphBytes(), "'Graph capturing finished in 15 secs.' gives no size");
    }

    @Test
    void v0_6_4_real_log_profiling_results_and_gpu_blocks() {
        // real v0.6.4.post1 lines (xlisp/jimw-vllm README, see the fixtures' README)
        VllmStartupReport r = Fixtures.parse("v0-0.6.4.post1-llama3.2-1b-real.log");
        assertEquals(LogFormat.V0_PROFILING_RESULTS, r.format());
        assertEquals("0.6.4.post1", r.vllmVersion());
        assertEquals(1, r.ranks().size());
        RankMemory m = r.ranks().get(0);
        assertEquals(gib(2.3185), m.weightsBytes());
        assertEquals(gib(7.92), m.totalGpuMemoryBytes());
        assertEquals(gib(0.44), m.nonTorchBytes());
        assertEquals(gib(3.60), m.kvCacheBytes());
        assertEquals(0.95, m.gpuMemoryUtilization());
        assertEquals(gib(3.49) - gib(2.3185), m.activationPeakBytes(), "peak_torch_memory minus the weights");
        assertEquals(7366L, m.numGpuBlocks(), "the GPU count of '# GPU blocks: 7366, # CPU blocks: 8192'");
        assertEquals(1.12, m.maxConcurrency());
        assertEquals(105_088L, m.maxModelLen());
        assertEquals(gib(0.24), m.cudaGraphBytes());
        assertNull(m.kvCacheTokens());
        assertTrue(r.failures().isEmpty());
    }

    @Test
    void early_v1_0_7_gpu_blocks_line_without_cpu_blocks() {
        // real lines of vllm PR 12569 (V1 at v0.7.1): "# GPU blocks: 1381" alone, from kv_cache_utils.py
        VllmStartupReport r = Fixtures.parse("v1-0.7.1-early-gpu-blocks-real.log");
        assertEquals(LogFormat.V1, r.format());
        assertEquals(1, r.ranks().size());
        RankMemory m = r.ranks().get(0);
        assertEquals(1381L, m.numGpuBlocks());
        assertEquals(gib(67.7229), m.weightsBytes(), "early V1 kept V0's 'GB' that is GiB");
        assertEquals(10.79, m.maxConcurrency());
        assertEquals(2048L, m.maxModelLen());
        assertEquals("# GPU blocks: 1381", m.quotes().get(KvCapacityKind.GPU_BLOCKS.name()));
        assertNull(m.kvCacheBytes(), "blocks only; bytes need the model's config");
        assertTrue(r.failures().isEmpty());
    }

    @Test
    void v0_tp2_worker_process_prefix_in_colour_is_rank_1() {
        VllmStartupReport r = Fixtures.parse("v0-0.7.3-tp2-multiproc-colour.log");
        assertEquals(LogFormat.V0, r.format());
        assertEquals(2, r.ranks().size());
        RankMemory driver = r.rank(0).orElseThrow();
        RankMemory worker = r.rank(1).orElseThrow();
        assertEquals(gib(1.31), driver.nonTorchBytes());
        assertEquals(gib(1.21), worker.nonTorchBytes());
        assertEquals(gib(35.30), driver.kvCacheBytes());
        assertEquals(gib(35.40), worker.kvCacheBytes());
        assertEquals(gib(0.19), driver.cudaGraphBytes());
        assertEquals(gib(0.18), worker.cudaGraphBytes());
        assertEquals(36_332L, worker.numGpuBlocks(), "'# CUDA blocks' is engine-wide");
        assertEquals(0.92, worker.gpuMemoryUtilization());
        assertEquals("fp8", r.engineConfig().quantization());
        assertEquals("fp8", r.engineConfig().kvCacheDtype());
        assertEquals(2, r.engineConfig().tensorParallelSize());
    }

    @Test
    void v0_28_budget_line_gives_non_torch_as_consumed_minus_weights_per_rank() {
        VllmStartupReport r = Fixtures.parse("v1-0.28.1rc1-qwen2.5-1.5b-tp2-eager-budget-line.log");
        assertEquals(2, r.ranks().size(), r.ranks().toString());
        for (RankMemory m : r.ranks()) {
            assertEquals(gib(1.5), m.weightsBytes());
            assertEquals(gib(1.71) - gib(1.5), m.nonTorchBytes(), "consumed memory (weights + non-torch) − weights");
            assertEquals(gib(0.32), m.activationPeakBytes());
            assertEquals(1_428_896L, m.kvCacheTokens(), "the combined tokens + concurrency line");
            assertEquals(4096L, m.maxModelLen());
        }
        assertEquals(gib(19.09), r.ranks().get(0).kvCacheBytes());
        assertEquals(gib(19.08), r.ranks().get(1).kvCacheBytes(), "each rank's 'Current kv cache memory in use'");
    }
}
