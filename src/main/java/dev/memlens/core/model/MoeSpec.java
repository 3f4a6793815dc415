package dev.memlens.core.model;

/**
 * Mixture-of-experts shape: routed experts, experts used per token, shared experts, the expert FFN width,
 * and how many leading layers stay dense (DeepSeek's first_k_dense_replace).
 */
public record MoeSpec(int experts, int expertsPerToken, int sharedExperts, int expertIntermediateSize,
                      long sharedExpertIntermediateSize, int leadingDenseLayers) {
}
