package dev.memlens.core.process;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names of environment variables that hold a secret (the variable named by {@code --api-key-env}). No child process
 * gets them, inherited or passed on: MemLens sends the key over HTTP itself, and no tool it starts (nvidia-smi,
 * docker, vllm bench, the HF profiler) needs it, while any of them could print or forward it.
 */
public final class SecretVariables {
    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    private SecretVariables() {
    }

    /** Withholds this variable from every child started from now on; null or blank is ignored. */
    public static void withhold(String name) {
        if (name != null && !name.isBlank()) {
            NAMES.add(name);
        }
    }

    /** Whether a child must not get this variable. */
    static boolean withheld(String name) {
        return NAMES.contains(name);
    }
}
