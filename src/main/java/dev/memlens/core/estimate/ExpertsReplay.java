package dev.memlens.core.estimate;

import dev.memlens.core.estimate.CachingAllocatorSimulator.Block;
import dev.memlens.core.model.ArchitectureTraits;
import dev.memlens.core.model.ModelSpec;

import static dev.memlens.core.estimate.Exact.mul;

/**
 * The allocations of a mixture-of-experts layer in transformers 5.17, as its recorded traces show them
 * (OLMoE, Mixtral; torch.cuda.memory._record_memory_history on the H200). The prefill runs the experts through
 * {@code grouped_mm} on the tokens sorted by expert; generate switches them to {@code batched_mm} for the decode
 * ({@code _optimize_model_for_decode}), which gathers every selected expert's weights for each token:
 * {@code gate_up_proj[expert_ids]} and {@code down_proj[expert_ids]}, batch × top_k copies of one expert's
 * matrices, both alive at once. At Mixtral's batch 4 that is 1.75 + 0.875 GiB in every layer of every step.
 */
final class ExpertsReplay {
    private ExpertsReplay() {
    }

    static boolean routed(ModelSpec spec, int layer) {
        return spec.isMoe() && layer >= spec.moe().leadingDenseLayers();
    }

    /**
     * grouped_mm_experts_forward over {@code tokens}: returns the layer's MoE output (tokens × hidden), the shared
     * expert (if any) already added. {@code mlpIn} stays alive; the caller frees it.
     */
    static Block prefill(CachingAllocatorSimulator a, ModelSpec spec, long tokens, int tp, int actBytes,
                         boolean gated) {
        long h = spec.hiddenSize();
        long width = spec.moe().expertIntermediateSize() / tp;
        long shared = sharedWidth(spec) / tp;
        Block sharedOut = null;
        if (shared > 0 && ArchitectureTraits.sharedExpertFirst(spec)) {
            sharedOut = mlp(a, tokens, h, shared, actBytes, gated);
        }
        Block router = a.malloc(mul(tokens, spec.moe().experts(), 4));
        long rows = mul(tokens, spec.moe().expertsPerToken());
        int weightBytes = ArchitectureTraits.fp32RouterWeights(spec) ? 4 : actBytes;
        Block selected = a.malloc(mul(rows, h, actBytes));
        Block up = a.malloc(mul(rows, 2, width, actBytes));
        Block upMasked = a.malloc(mul(rows, 2, width, actBytes));
        a.free(up);
        Block act = a.malloc(mul(rows, width, actBytes));
        Block prod = a.malloc(mul(rows, width, actBytes));
        a.free(act);
        a.free(upMasked);
        Block down = a.malloc(mul(rows, h, actBytes));
        a.free(prod);
        Block downMasked = a.malloc(mul(rows, h, actBytes));
        a.free(down);
        // proj_out × routing weights (fp32 where the router keeps them fp32), then back to token order
        Block weighted = a.malloc(mul(rows, h, weightBytes));
        Block ordered = a.malloc(mul(rows, h, weightBytes));
        a.free(weighted);
        Block summed = a.malloc(mul(tokens, h, weightBytes));
        Block out = summed;
        if (weightBytes != actBytes) {
            out = a.malloc(mul(tokens, h, actBytes));
        }
        a.free(selected);
        a.free(downMasked);
        a.free(ordered);
        if (out != summed) {
            a.free(summed);
        }
        a.free(router);
        if (shared > 0) {
            if (sharedOut == null) {
                sharedOut = mlp(a, tokens, h, shared, actBytes, gated);
            } else {
                // Qwen2-MoE: sigmoid(shared_expert_gate(x)) × shared output, a new tensor
                Block gatedShared = a.malloc(mul(tokens, h, actBytes));
                a.free(sharedOut);
                sharedOut = gatedShared;
            }
            Block sum = a.malloc(mul(tokens, h, actBytes));
            a.free(out);
            a.free(sharedOut);
            out = sum;
        }
        return out;
    }

    /**
     * One decode step of one MoE layer: batched_mm's gathered expert weights for batch × top_k tokens; returns
     * the bytes allocated while both are alive.
     */
    static long decodeStep(CachingAllocatorSimulator a, ModelSpec spec, int batch, int tp, long bytesPerParam100) {
        long rows = mul(batch, spec.moe().expertsPerToken());
        long h = spec.hiddenSize();
        long width = spec.moe().expertIntermediateSize() / tp;
        Block gateUp = a.malloc(mul(rows, 2, width, h, bytesPerParam100) / 100);
        Block down = a.malloc(mul(rows, h, width, bytesPerParam100) / 100);
        long allocated = a.allocated();
        a.free(gateUp);
        a.free(down);
        return allocated;
    }

    private static long sharedWidth(ModelSpec spec) {
        return (long) spec.moe().sharedExperts() * spec.moe().expertIntermediateSize()
                + spec.moe().sharedExpertIntermediateSize();
    }

    private static Block mlp(CachingAllocatorSimulator a, long tokens, long h, long ffn, int actBytes, boolean gated) {
        return gated ? GenerateAllocationTrace.gatedMlp(a, tokens, h, ffn, actBytes)
                : GenerateAllocationTrace.plainMlp(a, tokens, h, ffn, actBytes);
    }
}
