package dev.memlens.core.gpu.trace;

import dev.memlens.core.gpu.GpuGap;
import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.gpu.GpuSample;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * MemLens's own sample CSV ({@code memlens sample}): RFC 4180 quoting, exact bytes, one row per sample, per-process
 * figure and gap. The first line identifies the format; blank cells are absent values.
 *
 * <pre>
 * # memlens-sample v1
 * kind,timestamp_ms,end_ms,pid,index,uuid,name,used_bytes,total_bytes,reserved_bytes,utilization_percent,power_watts,basis,note
 * </pre>
 */
public final class SampleCsv {
    public static final String MAGIC = "# memlens-sample v1";
    public static final String HEADER = "kind,timestamp_ms,end_ms,pid,index,uuid,name,used_bytes,total_bytes,"
            + "reserved_bytes,utilization_percent,power_watts,basis,note";
    private static final int COLUMNS = 14;

    private SampleCsv() {
    }

    public static String preamble() {
        return MAGIC + "\n" + HEADER + "\n";
    }

    public static String row(GpuSample s) {
        return join("sample", s.timestampMillis(), null, null, s.index(), s.uuid(), s.name(), s.usedBytes(),
                s.totalBytes(), s.reservedBytes(), s.utilizationPercent(), s.powerWatts(), s.basis().name(), null);
    }

    public static String row(GpuProcessSample p) {
        return join("process", p.timestampMillis(), null, p.pid(), p.gpuIndex(), p.gpuUuid(), p.processName(),
                p.usedBytes(), null, null, null, null, null, null);
    }

    public static String row(GpuGap gap) {
        return join("gap", gap.fromMillis(), gap.toMillis(), null, null, null, null, null, null, null, null, null,
                null, gap.reason());
    }

    /** Errors and warnings are kept in the file so that a replay shows why samples are missing. */
    public static String noteRow(String kind, long timestampMillis, String message) {
        return join(kind, timestampMillis, null, null, null, null, null, null, null, null, null, null, null, message);
    }

    static TraceInfo parse(String fileName, BufferedReader lines, TraceSink events) throws IOException {
        List<String> warnings = new ArrayList<>();
        List<GpuProcessSample> pending = new ArrayList<>();
        long pendingTs = Long.MIN_VALUE;
        long n = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            n++;
            if (line.isBlank() || line.startsWith("#") || line.startsWith("kind,") || line.startsWith("\uFEFF#")) {
                continue;
            }
            List<String> c = split(line);
            if (c.size() != COLUMNS) {
                warnings.add(fileName + " line " + n + " has " + c.size() + " cells instead of " + COLUMNS
                        + ": skipped");
                continue;
            }
            try {
                String kind = c.get(0);
                long ts = Long.parseLong(c.get(1));
                if (!kind.equals("process") && !pending.isEmpty()) {
                    events.accept(new TraceEvent.Processes(pendingTs, pending));
                    pending = new ArrayList<>();
                }
                switch (kind) {
                    case "sample" -> events.accept(new TraceEvent.Sample(new GpuSample(ts, Integer.parseInt(c.get(4)),
                            text(c.get(5)), text(c.get(6)), size(c.get(7)), sizeOrNull(c.get(8)),
                            sizeOrNull(c.get(9)), c.get(10).isEmpty() ? null : Integer.valueOf(c.get(10)),
                            c.get(11).isEmpty() ? null : Double.valueOf(c.get(11)),
                            GpuSample.MemoryBasis.valueOf(c.get(12)))));
                    case "process" -> {
                        if (ts != pendingTs && !pending.isEmpty()) {
                            events.accept(new TraceEvent.Processes(pendingTs, pending));
                            pending = new ArrayList<>();
                        }
                        pendingTs = ts;
                        pending.add(new GpuProcessSample(ts, Long.parseLong(c.get(3)), text(c.get(6)),
                                sizeOrNull(c.get(7)), text(c.get(5)),
                                c.get(4).isEmpty() ? null : Integer.valueOf(c.get(4))));
                    }
                    case "gap" -> events.accept(new TraceEvent.Gap(new GpuGap(ts, Long.parseLong(c.get(2)), c.get(13))));
                    case "error", "warning" -> warnings.add("recorded " + kind + ": " + c.get(13));
                    default -> warnings.add(fileName + " line " + n + " has unknown kind '" + kind + "': skipped");
                }
            } catch (IllegalArgumentException e) {
                warnings.add(fileName + " line " + n + " has a malformed value (" + e.getMessage() + "): skipped");
            }
        }
        if (!pending.isEmpty()) {
            events.accept(new TraceEvent.Processes(pendingTs, pending));
        }
        return new TraceInfo(TraceFormat.MEMLENS_SAMPLE_CSV, true, warnings);
    }

    /** A byte count: digits only, within a long (a negative or overflowing size is malformed, never clamped). */
    private static long size(String cell) {
        long v = Long.parseLong(cell);
        if (v < 0) {
            throw new IllegalArgumentException("negative size " + cell);
        }
        return v;
    }

    private static Long sizeOrNull(String cell) {
        return cell.isEmpty() ? null : size(cell);
    }

    private static String join(Object... cells) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (cells[i] != null) {
                out.append(quote(cells[i].toString()));
            }
        }
        return out.append('\n').toString();
    }

    private static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"").replace('\n', ' ').replace('\r', ' ') + '"';
    }

    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (ch != '\r') {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private static String text(String cell) {
        return cell.isEmpty() ? null : cell;
    }

}
