package dev.memlens.core.report;

/**
 * GPU memory of one process on one GPU over a run, as the sampler polled it (nvidia-smi --query-compute-apps, NVML).
 *
 * @param name            the process name, or null when the tool did not give one
 * @param gpuIndex        the GPU index, or null when only the UUID is known
 * @param gpuUuid         the GPU's UUID, or null
 * @param usedAtPeakBytes what it held at the run's peak moment ({@link RunPeak}: the poll in effect then); null when
 *                        it was not running then or the tool could not tell
 * @param peakBytes       the most it held at any poll; null when the tool never told (Windows WDDM)
 */
public record ProcessMemory(long pid, String name, Integer gpuIndex, String gpuUuid, Long usedAtPeakBytes,
                            Long peakBytes) {

    /** "GPU 0", else the UUID, else "?". */
    public String gpuLabel() {
        if (gpuIndex != null) {
            return "GPU " + gpuIndex;
        }
        return gpuUuid != null ? gpuUuid : "?";
    }
}
