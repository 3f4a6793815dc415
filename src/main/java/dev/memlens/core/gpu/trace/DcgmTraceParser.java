package dev.memlens.core.gpu.trace;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.units.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DCGM exporter exposition text: {@code DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-..",modelName=".."} 1234} with FB
 * values in MiB. Label names are matched case-insensitively (UUID/uuid, Hostname/hostname changed across releases).
 * DCGM's "blank" sentinels (ints from 0x7ffffff0, doubles from 2^47) mean absent. Several scrapes may be concatenated:
 * a metric seen again for the same GPU starts a new tick. MIG instance series (GPU_I_ID label) are left out.
 */
final class DcgmTraceParser {
    private static final Pattern LINE =
            Pattern.compile("^([A-Za-z_:][A-Za-z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+(-?\\d+))?\\s*$");
    private static final Pattern LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final double INT32_BLANK = 0x7ffffff0;

    private DcgmTraceParser() {
    }

    /** One GPU's values within one tick. */
    private static final class Partial {
        int index;
        String uuid;
        String name;
        Double usedMib;
        Double freeMib;
        Double reservedMib;
        Double totalMib;
        Double util;
        Double power;
        Long timestamp;
        final Set<String> seen = new HashSet<>();
    }

    static Trace parse(String fileName, List<String> lines) throws TraceException {
        List<TraceEvent> events = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Partial> tick = new LinkedHashMap<>();
        int ticks = 0;
        boolean timed = true;
        int migSeries = 0;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches() || !m.group(1).startsWith("DCGM_FI_")) {
                continue;
            }
            Map<String, String> labels = labels(m.group(2));
            if (labels.containsKey("gpu_i_id")) {
                migSeries++;
                continue;
            }
            String gpu = labels.get("gpu");
            if (gpu == null || !gpu.matches("\\d+")) {
                continue;
            }
            Partial p = tick.get(gpu);
            if (p != null && p.seen.contains(m.group(1))) {
                timed &= flush(tick, ticks++, events);
                p = null;
            }
            if (p == null) {
                p = new Partial();
                p.index = Integer.parseInt(gpu);
                p.uuid = labels.get("uuid");
                p.name = labels.get("modelname");
                tick.put(gpu, p);
            }
            p.seen.add(m.group(1));
            if (m.group(4) != null) {
                p.timestamp = Long.parseLong(m.group(4));
            }
            Double value = value(m.group(3));
            switch (m.group(1)) {
                case "DCGM_FI_DEV_FB_USED" -> p.usedMib = value;
                case "DCGM_FI_DEV_FB_FREE" -> p.freeMib = value;
                case "DCGM_FI_DEV_FB_RESERVED" -> p.reservedMib = value;
                case "DCGM_FI_DEV_FB_TOTAL" -> p.totalMib = value;
                case "DCGM_FI_DEV_GPU_UTIL" -> p.util = value;
                case "DCGM_FI_DEV_POWER_USAGE" -> p.power = value;
                default -> {
                    // other counters are not memory
                }
            }
        }
        timed &= flush(tick, ticks++, events);
        if (events.isEmpty()) {
            throw new TraceException(fileName + " has no DCGM_FI_DEV_FB_USED series with a gpu label: enable the FB "
                    + "counters in dcgm-exporter's counters CSV and scrape /metrics again");
        }
        if (migSeries > 0) {
            warnings.add(migSeries + " MIG instance series (GPU_I_ID label) of " + fileName + " were left out");
        }
        if (!timed) {
            warnings.add(fileName + " has no sample timestamps: times are scrape numbers");
        }
        return new Trace(TraceFormat.DCGM_EXPORTER, events, timed, warnings);
    }

    /** Emits a tick's samples; returns whether they all had timestamps. */
    private static boolean flush(Map<String, Partial> tick, int tickNumber, List<TraceEvent> events) {
        boolean timed = true;
        for (Partial p : tick.values()) {
            if (p.usedMib == null) {
                continue;
            }
            Double totalMib = p.totalMib;
            if (totalMib == null && p.freeMib != null) {
                totalMib = p.usedMib + p.freeMib + (p.reservedMib == null ? 0 : p.reservedMib);
            }
            timed &= p.timestamp != null;
            long ts = p.timestamp != null ? p.timestamp : tickNumber * Trace.SYNTHETIC_TICK_MILLIS;
            events.add(new TraceEvent.Sample(GpuSample.of(ts, p.index, p.uuid, p.name, Bytes.fromMib(p.usedMib),
                    totalMib == null ? null : Bytes.fromMib(totalMib),
                    p.reservedMib == null ? null : Bytes.fromMib(p.reservedMib),
                    p.util == null ? null : (int) Math.round(p.util), p.power)));
        }
        tick.clear();
        return timed;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new HashMap<>();
        if (text != null) {
            Matcher m = LABEL.matcher(text);
            while (m.find()) {
                labels.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2).replace("\\\"", "\""));
            }
        }
        return labels;
    }

    private static Double value(String text) {
        try {
            double v = Double.parseDouble(text);
            return Double.isFinite(v) && v < INT32_BLANK ? v : null;
        } catch (NumberFormatException e) {
            return null; // <<<NULL>>> and other sentinels
        }
    }
}
