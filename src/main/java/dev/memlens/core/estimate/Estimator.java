package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;

/** Entry point: the memory a model needs per GPU under an engine's rules, every figure with its formula. */
public final class Estimator {
    private Estimator() {
    }

    /**
     * The estimate, or IllegalArgumentException with one line naming the bad option or field; arithmetic is
     * overflow-checked, so a request whose bytes do not fit a long is refused rather than wrapped.
     */
    public static Estimate estimate(ModelSpec spec, EstimateRequest request) {
        EstimateValidation.check(spec, request);
        try {
            return switch (request.engine()) {
                case TRANSFORMERS -> TransformersRule.estimate(spec, request);
                case VLLM -> VllmRule.estimate(spec, request);
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the request is too large to size (its bytes overflow a 64-bit count): "
                    + "lower --batch-size, --input-len or --output-len");
        }
    }
}
