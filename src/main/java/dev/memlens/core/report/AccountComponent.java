package dev.memlens.core.report;

import java.util.Locale;

/**
 * The parts of a run's memory account, each mapped onto the calculator's four components (everything that is not
 * weights, KV cache or activations is framework overhead, as the original scripts defined it).
 */
public enum AccountComponent {
    WEIGHTS(MemoryComponent.WEIGHTS),
    KV_CACHE(MemoryComponent.KV_CACHE),
    ACTIVATIONS(MemoryComponent.ACTIVATIONS),
    CUDA_GRAPHS(MemoryComponent.FRAMEWORK_OVERHEAD),
    /** CUDA context, NCCL, cuBLAS workspaces: memory outside the torch allocator. */
    NON_TORCH(MemoryComponent.FRAMEWORK_OVERHEAD),
    /** Reserved by the caching allocator but not allocated. */
    ALLOCATOR_RESERVE(MemoryComponent.FRAMEWORK_OVERHEAD),
    OTHER_PROCESSES(MemoryComponent.FRAMEWORK_OVERHEAD),
    /** What the total holds beyond every other item: closes the sum; negative when the parts exceed the whole. */
    UNATTRIBUTED(MemoryComponent.FRAMEWORK_OVERHEAD);

    private final MemoryComponent calculatorComponent;

    AccountComponent(MemoryComponent calculatorComponent) {
        this.calculatorComponent = calculatorComponent;
    }

    /** The human name, from {@link HumanNames}: "Model weights", "CUDA graphs". */
    public String displayName() {
        return HumanNames.component(this);
    }

    public MemoryComponent calculatorComponent() {
        return calculatorComponent;
    }

    /** The JSON name: {@code weights}, {@code kv_cache}, ... */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccountComponent fromTag(String tag) {
        for (AccountComponent c : values()) {
            if (c.tag().equalsIgnoreCase(tag.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown component '" + tag + "'");
    }
}
