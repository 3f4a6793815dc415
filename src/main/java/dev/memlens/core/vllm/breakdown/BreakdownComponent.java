package dev.memlens.core.vllm.breakdown;

import dev.memlens.core.report.MemoryComponent;

/** The measured components of a vLLM run; finer than the calculator's {@link MemoryComponent}s. */
public enum BreakdownComponent {
    WEIGHTS(MemoryComponent.WEIGHTS),
    KV_CACHE(MemoryComponent.KV_CACHE),
    ACTIVATIONS(MemoryComponent.ACTIVATIONS),
    CUDA_GRAPHS(MemoryComponent.FRAMEWORK_OVERHEAD),
    /** vLLM's "non-torch memory" (NCCL, cuBLAS workspaces...), the framework overhead. */
    NON_TORCH_OVERHEAD(MemoryComponent.FRAMEWORK_OVERHEAD);

    private final MemoryComponent calculatorComponent;

    BreakdownComponent(MemoryComponent calculatorComponent) {
        this.calculatorComponent = calculatorComponent;
    }

    /** The calculator component this one adds into when comparing with a prediction. */
    public MemoryComponent calculatorComponent() {
        return calculatorComponent;
    }
}
