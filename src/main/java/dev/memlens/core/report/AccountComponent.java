package dev.memlens.core.report;

import java.util.Locale;

/**
 * The parts of a run's memory account, each mapped onto the calculator's four components (everything that is not
 * weights, KV cache or activations is framework overhead, as the original scripts defined it).
 */
public enum AccountComponent {
    WEIGHTS("Model weights", MemoryComponent.WEIGHTS),
    KV_CACHE("KV cache", MemoryComponent.KV_CACHE),
    ACTIVATIONS("Activations", MemoryComponent.ACTIVATIONS),
    CUDA_GRAPHS("CUDA graphs", MemoryComponent.FRAMEWORK_OVERHEAD),
    /** CUDA context, NCCL, cuBLAS workspaces: memory outside the torch allocator. */
    NON_TORCH("Non-torch (CUDA context, NCCL, cuBLAS)", MemoryComponent.FRAMEWORK_OVERHEAD),
    /** Reserved by the caching allocator but not allocated. */
    ALLOCATOR_RESERVE("Allocator reserve", MemoryComponent.FRAMEWORK_OVERHEAD),
    OTHER_PROCESSES("Other processes", MemoryComponent.FRAMEWORK_OVERHEAD),
    /** What the total holds beyond every other item: closes the sum; negative when the parts exceed the whole. */
    UNATTRIBUTED("Unattributed", MemoryComponent.FRAMEWORK_OVERHEAD);

    private final String displayName;
    private final MemoryComponent calculatorComponent;

    AccountComponent(String displayName, MemoryComponent calculatorComponent) {
        this.displayName = displayName;
        this.calculatorComponent = calculatorComponent;
    }

    public String displayName() {
        return displayName;
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
