package dev.memlens.core.vllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TqdmProgressTest {
    @Test
    void both_bar_shapes() {
        assertEquals(new ProgressEvent("Bench iterations", 12, 30),
                TqdmProgress.parse("Bench iterations:  40%|\u2588\u2588\u2588\u2588      | 12/30 [00:05<00:07,  2.4it/s]").orElseThrow());
        assertEquals(new ProgressEvent("Loading safetensors checkpoint shards", 2, 4),
                TqdmProgress.parse("Loading safetensors checkpoint shards:  50% Completed | 2/4 [00:01<00:01,  1.9it/s]").orElseThrow());
        assertEquals(new ProgressEvent("Capturing CUDA graphs (mixed prefill-decode, PIECEWISE)", 0, 51),
                TqdmProgress.parse("Capturing CUDA graphs (mixed prefill-decode, PIECEWISE):   0%|          | 0/51 [00:00<?, ?it/s]").orElseThrow());
    }

    @Test
    void text_that_only_resembles_a_bar_is_not_progress() {
        assertTrue(TqdmProgress.parse("GPU KV cache usage: 3.4%, Prefix cache hit rate: 0.0%").isEmpty());
        assertTrue(TqdmProgress.parse("usage 50%| no counts here |").isEmpty());
        assertTrue(TqdmProgress.parse("x %| 1/2").isEmpty());
    }
}
