package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.units.Bytes;

/**
 * vLLM's CUDA graph pool, built the way vLLM's own estimate is ({@code profile_cudagraph_memory}, v0.19.0). It
 * captures the two largest sizes of each mode and reads {@code cudaMemGetInfo} around them. The first capture of
 * the largest size holds the shared pool; FULL and PIECEWISE overlay one pool, so vLLM counts only the larger
 * first capture. Each further graph of a mode adds its own memory ("per-graph"), so:
 * <pre>pool = first capture + Σ over modes (capture sizes − 1) × per-graph</pre>
 * Per-graph memory is not activation memory: the smaller sizes reuse the pool. It is the graph's own nodes, so it
 * grows with the layers and with how many kernels a layer runs. The 0.19 H100 DEBUG logs give it per mode, in
 * 2 MiB steps: 6 MiB for Llama-3.1-8B's 32 GQA + dense-MLP layers, 10 MiB for Qwen3-30B-A3B's 48 GQA + MoE layers,
 * 10 / 8 MiB (PIECEWISE / FULL) for DeepSeek-V2-Lite's 27 MLA layers (26 of them MoE). The per-layer costs below
 * come from those three lines, one log per layer kind. The 70B logs check them (80 dense layers): a 1.72 GiB
 * estimate against vLLM's 1.82 / 1.70 GiB.
 */
final class CudaGraphPool {
    /** FULL_AND_PIECEWISE, V1's default mode: every capture size is captured twice. */
    static final int MODES = 2;
    /**
     * The largest FULL capture: 260 MiB (Llama-3.1-8B) and 266 MiB (Qwen3-30B-A3B) with FLASH_ATTN. It does not
     * grow with the layers (48 vs 32), so it is the attention backend's workspace for the largest batch, not weights
     * or activations per layer.
     */
    static final long FIRST_CAPTURE_BYTES = 263 * Bytes.MIB;
    /** FLASH_ATTN_MLA's largest FULL capture, DeepSeek-V2-Lite: 522 MiB. */
    static final long FIRST_CAPTURE_MLA_BYTES = 522 * Bytes.MIB;
    /** A GQA attention + dense MLP layer's share of one graph: 6 MiB over Llama-3.1-8B's 32 layers. */
    static final long LAYER_BYTES = 6 * Bytes.MIB / 32;
    /** What a MoE FFN (router, top-k, align, two grouped GEMMs, sum) adds: 10 MiB over Qwen3-30B-A3B's 48 layers. */
    static final long MOE_LAYER_EXTRA_BYTES = 10 * Bytes.MIB / 48 - LAYER_BYTES;
    /**
     * What MLA (q/kv down and up projections, their norms, the rope split and concat) adds per layer. DeepSeek-V2-Lite
     * gives 9 MiB per graph (the mean of 10 and 8) over 27 MLA layers, 26 of them MoE.
     */
    static final long MLA_LAYER_EXTRA_BYTES = (9 * Bytes.MIB - 27 * LAYER_BYTES - 26 * MOE_LAYER_EXTRA_BYTES) / 27;

    private CudaGraphPool() {
    }

    /** vLLM's estimate of the pool for {@code captureSizes} sizes per mode. */
    static long bytes(ModelSpec spec, int captureSizes) {
        return firstCaptureBytes(spec) + (long) MODES * (captureSizes - 1) * perGraphBytes(spec);
    }

    static long firstCaptureBytes(ModelSpec spec) {
        return spec.isMla() ? FIRST_CAPTURE_MLA_BYTES : FIRST_CAPTURE_BYTES;
    }

    /** One further graph's memory: every layer's share, by the kind of attention and FFN the layer has. */
    static long perGraphBytes(ModelSpec spec) {
        int moeLayers = spec.isMoe() ? spec.layers() - spec.moe().leadingDenseLayers() : 0;
        return (long) spec.layers() * LAYER_BYTES + (long) moeLayers * MOE_LAYER_EXTRA_BYTES
                + (spec.isMla() ? (long) spec.layers() * MLA_LAYER_EXTRA_BYTES : 0);
    }

    static String formula() {
        return "vLLM's estimate: first capture (" + (FIRST_CAPTURE_BYTES / Bytes.MIB) + " MiB, MLA "
                + (FIRST_CAPTURE_MLA_BYTES / Bytes.MIB) + ") + " + MODES
                + " modes × (capture sizes − 1) × per-graph (layers × 192 KiB, + 21 KiB per MoE layer, + 129 KiB per MLA layer)";
    }
}
