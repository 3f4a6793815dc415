package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ModelSpecs;
import dev.memlens.core.units.Bytes;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Predicts the figures of real vLLM start-up logs (src/test/resources/estimate/configs; see docs/ACCURACY.md). */
class VllmLogsTest {
    static ModelSpec spec(String name) throws Exception {
        return ModelSpecs.load(Path.of("src/test/resources/estimate/configs", name));
    }

    static Estimate v019OnH100(ModelSpec spec) {
        EstimateRequest r = EstimateRequest.of(Engine.VLLM, 1, 128, 128).withGpuTotalBytes(Bytes.fromGib(79.19))
                .withUtilization(0.95).withVllm(8192, 8192, false, false);
        return Estimator.estimate(spec, r);
    }

    @Test
    void llama31On80GbH100MatchesTheLogWithinOnePercent() throws Exception {
        Estimate e = v019OnH100(spec("llama3.1-8b.json"));
        assertEquals(14.99, Bytes.toGib(e.bytes(EstimateComponent.WEIGHTS)), 0.01, "Model loading took 14.99 GiB");
        assertEquals(476_016, e.kvCacheTokens(), 476_016 * 0.01, "GPU KV cache size: 476,016 tokens");
        assertEquals(58.11, e.maxConcurrency(), 58.11 * 0.01);
    }

    @Test
    void qwen3MoeWeightsExactAndKvWithinTheDocumentedBound() throws Exception {
        Estimate e = v019OnH100(spec("qwen3-30b-a3b.json"));
        assertEquals(56.88, Bytes.toGib(e.bytes(EstimateComponent.WEIGHTS)), 0.01, "Model loading took 56.88 GiB");
        assertEquals(168_288, e.kvCacheTokens(), 168_288 * 0.08, "GPU KV cache size: 168,288 tokens");
    }

    @Test
    void deepseekMlaWeightsAndKvTokens() throws Exception {
        Estimate e = v019OnH100(spec("deepseek-v2-lite.json"));
        // 0.16 GiB below the log: vLLM keeps buffers beside the MLA weights that the parameter count does not see
        assertEquals(29.43, Bytes.toGib(e.bytes(EstimateComponent.WEIGHTS)), 0.2, "Model loading took 29.43 GiB");
        assertEquals(1_505_552, e.kvCacheTokens(), 1_505_552 * 0.02, "GPU KV cache size: 1,505,552 tokens");
    }

    @Test
    void llama3OnA100At09GivesTheQuotedWeights() throws Exception {
        // V0 example of vllm-formats.md §2c: weights 14.96 GiB, 5691 blocks (its activation peak was 9.37 GiB,
        // a V0 profile of 256 sequences that V1 no longer runs, so the block count is not asserted here)
        Estimate e = Estimator.estimate(spec("llama3-8b.json"), EstimateRequest.of(Engine.VLLM, 1, 128, 128)
                .withGpuTotalBytes(GpuPresets.find("a100-40gb").orElseThrow().totalBytes())
                .withVllm(8192, 8192, false, false));
        assertEquals(14.96, Bytes.toGib(e.bytes(EstimateComponent.WEIGHTS)), 0.01);
        assertEquals(35.55, Bytes.toGib(e.peakBytes() - e.bytes(EstimateComponent.CUDA_CONTEXT)
                - e.bytes(EstimateComponent.CUDA_GRAPHS)), 0.01, "39.50GiB x 0.90 = 35.55GiB");
    }
}
