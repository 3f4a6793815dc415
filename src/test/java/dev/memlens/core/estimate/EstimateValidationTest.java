package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ModelSpecs;
import dev.memlens.core.units.Bytes;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests the estimator must refuse in one line, or size with bounded work, never wrap or hang. */
class EstimateValidationTest {
    static ModelSpec llama31() throws Exception {
        return ModelSpecs.load(Path.of("src/test/resources/estimate/configs/llama3.1-8b.json"));
    }

    @Test
    void tensorParallelThatDoesNotDivideTheHeadsIsRefusedNotFitted() throws Exception {
        EstimateRequest r = EstimateRequest.of(Engine.VLLM, 1, 1024, 128).withGpuTotalBytes(Bytes.fromGib(80))
                .withTensorParallel(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Estimator.estimate(llama31(), r));
        assertEquals("--tensor-parallel-size 3 does not divide the model's 32 attention heads "
                + "(src/test/resources/estimate/configs/llama3.1-8b.json): use one of 1, 2, 4, 8, 16, 32", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FitCheck.of(llama31(), r));
        // 16 ranks over 8 KV heads replicate them: allowed, as vLLM does
        assertTrue(Estimator.estimate(llama31(), r.withTensorParallel(16)).peakBytes() > 0);
    }

    @Test
    void outOfRangeLengthsAreRefusedByName() throws Exception {
        ModelSpec s = llama31();
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class,
                () -> Estimator.estimate(s, EstimateRequest.of(Engine.TRANSFORMERS, 1, 16, Integer.MAX_VALUE)));
        assertEquals("--output-len is 2147483647, outside 0..16,777,216", out.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> Estimator.estimate(s, EstimateRequest.of(Engine.TRANSFORMERS, Integer.MAX_VALUE, 16, 1)));
        assertTrue(batch.getMessage().startsWith("--batch-size is 2147483647"), batch.getMessage());
        IllegalArgumentException tp = assertThrows(IllegalArgumentException.class,
                () -> Estimator.estimate(s, EstimateRequest.of(Engine.VLLM, 1, 16, 1).withTensorParallel(4096)));
        assertTrue(tp.getMessage().startsWith("--tensor-parallel-size is 4096"), tp.getMessage());
    }

    @Test
    void theLongestAllowedRequestIsSizedWithBoundedWork() throws Exception {
        // 16 Mi output tokens would be 2^30 K/V reallocations one token at a time; the replay strides instead
        Estimate e = Estimator.estimate(llama31(), EstimateRequest.of(Engine.TRANSFORMERS, 1, 16,
                EstimateValidation.MAX_TOKENS).withGpuTotalBytes(Bytes.fromGib(80)));
        assertFalse(e.fits());
        assertTrue(e.explanations().stream().anyMatch(x -> x.contains("strides of")), e.explanations().toString());
        long kv = e.bytes(EstimateComponent.KV_CACHE);
        assertEquals((16L + EstimateValidation.MAX_TOKENS - 1) * 128 * 1024, kv, "KV of every token, no overflow");
    }

    @Test
    void aRequestWhoseBytesOverflowALongIsRefused() throws Exception {
        EstimateRequest huge = EstimateRequest.of(Engine.TRANSFORMERS, EstimateValidation.MAX_BATCH,
                EstimateValidation.MAX_TOKENS, 1);
        // the prefill of 2^44 tokens through a 14,336-wide MLP stays inside a long; the fp32 math path's scores do not
        ModelSpec s = llama31();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Estimator.estimate(s, huge.withDtypes("float32", null, null)));
        assertTrue(e.getMessage().startsWith("the request is too large to size"), e.getMessage());
    }
}
