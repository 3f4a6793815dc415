package dev.memlens.testsupport;

import dev.memlens.testutil.Resources;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Scrape sequences for {@link StandInExporter} built from the recorded real exporter texts of
 * src/test/resources/prometheus: the used figure of each scrape is replaced by a scripted one (and free kept
 * consistent), every other line stays as recorded.
 */
public final class ExporterScrapes {
    /** The L40S capture's FB total: used 0 + free 45459 + reserved 608 MiB. */
    public static final long L40S_TOTAL_MIB = 46067;
    private static final long L40S_RESERVED_MIB = 608;
    /** The H200 capture's total and reserved bytes. */
    public static final long H200_TOTAL_BYTES = 150754820096L;
    private static final long H200_RESERVED_BYTES = 643825664L;

    private ExporterScrapes() {
    }

    public static List<String> dcgmL40s(List<Long> usedMib) throws IOException {
        String template = Resources.text("prometheus/dcgm-exporter-l40s.metrics");
        List<String> scrapes = new ArrayList<>();
        for (long used : usedMib) {
            scrapes.add(replaceValue(replaceValue(template, "DCGM_FI_DEV_FB_USED{", Long.toString(used)),
                    "DCGM_FI_DEV_FB_FREE{", Long.toString(L40S_TOTAL_MIB - L40S_RESERVED_MIB - used)));
        }
        return scrapes;
    }

    public static List<String> nvidiaGpuExporterH200(List<Long> usedBytes) throws IOException {
        String template = Resources.text("prometheus/nvidia-gpu-exporter-h200-load.metrics");
        List<String> scrapes = new ArrayList<>();
        for (long used : usedBytes) {
            scrapes.add(replaceValue(replaceValue(template, "nvidia_smi_memory_used_bytes{", goFloat(used)),
                    "nvidia_smi_memory_free_bytes{", goFloat(H200_TOTAL_BYTES - H200_RESERVED_BYTES - used)));
        }
        return scrapes;
    }

    /** Replaces the value of every sample line starting with {@code prefix}. */
    public static String replaceValue(String text, String prefix, String value) {
        StringBuilder out = new StringBuilder();
        boolean replaced = false;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith(prefix)) {
                line = line.substring(0, line.lastIndexOf(' ') + 1) + value;
                replaced = true;
            }
            out.append(line).append('\n');
        }
        if (!replaced) {
            throw new IllegalArgumentException("no line starts with " + prefix);
        }
        return out.substring(0, out.length() - 1);
    }

    /** Go's %g-like shortest form the exporter prints (e.g. 3.3934016512e+10). */
    static String goFloat(long value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(value).stripTrailingZeros();
        String plain = d.toString(); // e.g. 3.3934016512E+10
        return plain.replace("E", "e");
    }
}
