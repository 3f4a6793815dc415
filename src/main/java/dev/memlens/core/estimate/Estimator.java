package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;

/** Entry point: the memory a model needs per GPU under an engine's rules, every figure with its formula. */
public final class Estimator {
    private Estimator() {
    }

    public static Estimate estimate(ModelSpec spec, EstimateRequest request) {
        return switch (request.engine()) {
            case TRANSFORMERS -> TransformersRule.estimate(spec, request);
            case VLLM -> VllmRule.estimate(spec, request);
        };
    }
}
