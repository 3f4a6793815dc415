package dev.memlens.core.sample;

import dev.memlens.core.units.Bytes;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The recorded sample's nvidia-smi trace: {@code timestamp, index, uuid, name, memory.total, memory.used, ...} with
 * a header and units, one GPU, timestamps in UTC.
 */
record NvidiaSmiCsvTrace(int index, String uuid, String name, long totalBytes, List<Long> epochMillis, List<Long> used) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS");

    static NvidiaSmiCsvTrace parse(String csv) {
        List<Long> times = new ArrayList<>();
        List<Long> used = new ArrayList<>();
        String[] first = null;
        for (String line : csv.split("\n")) {
            if (line.isBlank() || line.startsWith("timestamp")) {
                continue;
            }
            String[] cells = line.split(", ");
            first = first == null ? cells : first;
            times.add(LocalDateTime.parse(cells[0].trim(), TIME).toInstant(ZoneOffset.UTC).toEpochMilli());
            used.add(Bytes.fromMib(mib(cells[5])));
        }
        if (first == null) {
            throw new IllegalArgumentException("the recorded nvidia-smi trace has no samples");
        }
        return new NvidiaSmiCsvTrace(Integer.parseInt(first[1].trim()), first[2].trim(), first[3].trim(),
                Bytes.fromMib(mib(first[4])), times, used);
    }

    private static double mib(String cell) {
        return Double.parseDouble(cell.replace("MiB", "").trim());
    }

    int peakIndex() {
        int best = 0;
        for (int i = 1; i < used.size(); i++) {
            if (used.get(i) > used.get(best)) {
                best = i;
            }
        }
        return best;
    }
}
