package dev.memlens.core.gpu;

/**
 * GPU memory of one process, as the tool lists it (nvidia-smi --query-compute-apps, XML process_info).
 *
 * @param usedBytes null where the tool cannot tell (Windows WDDM prints "[N/A]" for every process)
 * @param gpuUuid   the GPU's UUID (under MIG, the parent GPU's), or null
 * @param gpuIndex  the GPU index when the source gives it or it could be matched by UUID, else null
 */
public record GpuProcessSample(long timestampMillis, long pid, String processName, Long usedBytes, String gpuUuid,
                               Integer gpuIndex) {
}
