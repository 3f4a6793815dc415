package dev.memlens.core.estimate;

import dev.memlens.core.units.Bytes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The GPU presets of original-scripts-contract.md Appendix B, with driver-reported totals where known. */
public final class GpuPresets {
    private static final List<GpuPreset> ALL = new ArrayList<>();

    static {
        String[][] table = {
                {"mi355x", "AMD Instinct MI355X", "288"}, {"mi350x", "AMD Instinct MI350X", "288"},
                {"mi325x", "AMD Instinct MI325X", "256"}, {"mi300x", "AMD Instinct MI300X", "192"},
                {"mi300a", "AMD Instinct MI300A", "128"}, {"mi250x", "AMD Instinct MI250X", "128"},
                {"mi210", "AMD Instinct MI210", "64"}, {"b200", "NVIDIA B200", "192"},
                {"h200", "NVIDIA H200", "141", "143771"}, {"h100-sxm", "NVIDIA H100 SXM5", "80", "81559"},
                {"h100-pcie", "NVIDIA H100 PCIe", "80", "81559"}, {"h100-nvl", "NVIDIA H100 NVL", "94"},
                {"a100-80gb", "NVIDIA A100 80GB", "80"}, {"a100-40gb", "NVIDIA A100 40GB", "40", "40448"},
                {"a40", "NVIDIA A40", "48"}, {"a30", "NVIDIA A30", "24"}, {"l40s", "NVIDIA L40S", "48"},
                {"l4", "NVIDIA L4", "24"}, {"radeon-pro-w7900", "AMD Radeon PRO W7900", "48"},
                {"radeon-pro-w7800", "AMD Radeon PRO W7800", "32"}, {"radeon-pro-w7700", "AMD Radeon PRO W7700", "16"},
                {"rtx-6000-ada", "NVIDIA RTX 6000 Ada", "48"}, {"rtx-a6000", "NVIDIA RTX A6000", "48"},
                {"rtx-a5000", "NVIDIA RTX A5000", "24"}, {"rtx-a4000", "NVIDIA RTX A4000", "16"},
                {"rx-7900-xtx", "AMD Radeon RX 7900 XTX", "24"}, {"rx-7900-xt", "AMD Radeon RX 7900 XT", "20"},
                {"rx-7900-gre", "AMD Radeon RX 7900 GRE", "16"}, {"rx-7800-xt", "AMD Radeon RX 7800 XT", "16"},
                {"rx-7700-xt", "AMD Radeon RX 7700 XT", "12"}, {"rtx-4090", "NVIDIA RTX 4090", "24"},
                {"rtx-4080-super", "NVIDIA RTX 4080 Super", "16"}, {"rtx-4080", "NVIDIA RTX 4080", "16"},
                {"rtx-4070-ti-super", "NVIDIA RTX 4070 Ti Super", "16"}, {"rtx-4070-ti", "NVIDIA RTX 4070 Ti", "12"},
                {"rtx-3090-ti", "NVIDIA RTX 3090 Ti", "24"}, {"rtx-3090", "NVIDIA RTX 3090", "24"},
                {"rtx-3080-ti", "NVIDIA RTX 3080 Ti", "12"}, {"rtx-3080", "NVIDIA RTX 3080", "10"},
                {"strix-halo-395", "AMD Ryzen AI Max+ 395 (Strix Halo)", "96"},
                {"strix-halo-390", "AMD Ryzen AI Max PRO 390 (Strix Halo)", "96"}, {"custom", "Custom GPU", "24"},
        };
        for (String[] row : table) {
            double gb = Double.parseDouble(row[2]);
            boolean known = row.length > 3;
            long total = known ? Long.parseLong(row[3]) * Bytes.MIB : Bytes.fromGb(gb);
            ALL.add(new GpuPreset(row[0], row[1], gb, total, known));
        }
    }

    private GpuPresets() {
    }

    public static List<GpuPreset> all() {
        return List.copyOf(ALL);
    }

    /** By id ("h100-sxm") or a loose name ("H100", "h200", "A100 40GB"). */
    public static Optional<GpuPreset> find(String nameOrId) {
        String key = nameOrId.trim().toLowerCase(Locale.ROOT).replace(' ', '-');
        for (GpuPreset p : ALL) {
            if (p.id().equals(key)) {
                return Optional.of(p);
            }
        }
        if (key.equals("h100") || key.equals("h100-80gb")) {
            return find("h100-sxm");
        }
        for (GpuPreset p : ALL) {
            if (p.name().toLowerCase(Locale.ROOT).replace(' ', '-').endsWith(key)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
