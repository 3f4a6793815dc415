package dev.memlens.core.hf;

/**
 * torch.cuda allocator counters in bytes, as the profiler script reads them.
 *
 * @param allocated         memory_allocated(): bytes in live tensors
 * @param reserved          memory_reserved(): bytes the caching allocator holds from the driver
 * @param maxAllocated      max_memory_allocated() since the process started (the weights' load peak included)
 * @param phaseMaxAllocated max_memory_allocated() since the weights were loaded: generate()'s own peak
 */
public record TorchAllocatorFigures(long allocated, long reserved, long maxAllocated, long phaseMaxAllocated) {
}
