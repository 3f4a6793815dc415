package dev.memlens.core.gpu.amd;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerException;
import dev.memlens.core.gpu.PollingGpuSampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The tool-less Linux fallback: {@code /sys/class/drm/cardN/device/mem_info_vram_used} and {@code _total} (bytes),
 * plus {@code gpu_busy_percent}, {@code product_name} and {@code unique_id} where the kernel provides them.
 */
public final class SysfsAmdSource implements PollingGpuSampler.SnapshotSource {
    private final Path drmRoot;

    public SysfsAmdSource(Path drmRoot) {
        this.drmRoot = drmRoot;
    }

    /** Card directories with VRAM counters, in card number order. */
    public static List<Path> cards(Path drmRoot) {
        if (!Files.isDirectory(drmRoot)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(drmRoot)) {
            return entries.filter(p -> p.getFileName().toString().matches("card\\d+"))
                    .filter(p -> Files.isReadable(p.resolve("device/mem_info_vram_total")))
                    .sorted((a, b) -> Integer.compare(cardNumber(a), cardNumber(b)))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public List<GpuSample> read(long timestampMillis) throws GpuSamplerException {
        List<GpuSample> samples = new ArrayList<>();
        List<Path> cards = cards(drmRoot);
        for (int i = 0; i < cards.size(); i++) {
            Path device = cards.get(i).resolve("device");
            Long used = readLong(device.resolve("mem_info_vram_used"));
            Long total = readLong(device.resolve("mem_info_vram_total"));
            if (used == null) {
                throw new GpuSamplerException(GpuSamplerError.Kind.TOOL_FAILED, "could not read "
                        + device.resolve("mem_info_vram_used") + ": check the amdgpu driver is loaded");
            }
            Long busy = readLong(device.resolve("gpu_busy_percent"));
            String name = readText(device.resolve("product_name"));
            samples.add(GpuSample.of(timestampMillis, i, readText(device.resolve("unique_id")),
                    name != null ? name : "AMD GPU " + cards.get(i).getFileName(), used, total, null,
                    busy == null ? null : busy.intValue(), null));
        }
        return samples;
    }

    private static int cardNumber(Path card) {
        return Integer.parseInt(card.getFileName().toString().substring(4));
    }

    private static Long readLong(Path file) {
        String text = readText(file);
        try {
            return text == null ? null : Long.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String readText(Path file) {
        try {
            String text = Files.readString(file).trim();
            return text.isEmpty() ? null : text;
        } catch (IOException e) {
            return null;
        }
    }
}
