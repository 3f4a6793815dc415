package dev.memlens.app.live;

/**
 * What the live run knows about one GPU so far.
 *
 * @param index         the tool's GPU index
 * @param name          the product name, or null
 * @param baselineBytes the first sample's used memory
 * @param latestBytes   the newest sample's used memory
 * @param peakBytes     the highest used memory so far
 * @param totalBytes    installed memory, or null when the tool does not say
 */
public record GpuReading(int index, String name, long baselineBytes, long latestBytes, long peakBytes, Long totalBytes) {
    public String label() {
        return "GPU " + index + (name == null || name.isBlank() ? "" : " " + name);
    }

    GpuReading withSample(long usedBytes, Long newTotalBytes) {
        return new GpuReading(index, name, baselineBytes, usedBytes, Math.max(peakBytes, usedBytes),
                newTotalBytes != null ? newTotalBytes : totalBytes);
    }
}
