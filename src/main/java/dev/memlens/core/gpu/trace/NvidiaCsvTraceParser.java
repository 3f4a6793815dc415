package dev.memlens.core.gpu.trace;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.nvidia.SmiCsvParser;
import dev.memlens.core.gpu.nvidia.SmiField;
import dev.memlens.core.units.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * nvidia-smi --query-gpu CSV traces, with or without header and units, streamed: each row becomes a sample on the
 * sink, nothing is held but the GPUs seen. With a header, columns are mapped by name; without one, the layout is
 * inferred from the first row (the UUID column anchors it) among the layouts the original scripts and common tools
 * write.
 *
 * <p>Rows are strict: a line that starts like a data row (its first cell reads as the first column) must read fully,
 * or the trace is refused naming the line, the column and the fix (shifted columns, unknown units, negative sizes).
 * Lines that are no data row at all (XID messages, "GPU is lost", repeated headers) are counted and skipped.
 *
 * <p>GPUs are told apart by every column that identifies one: uuid, else pci.bus_id, else index; when none is there,
 * by name and total, and rows of one timestamp with the same name and total are different GPUs in file order.
 */
final class NvidiaCsvTraceParser {
    private static final int MAX_CELLS = 64;

    private final String fileName;
    private final ZoneId zone;
    private final TraceSink sink;
    private final List<String> warnings = new ArrayList<>();
    private List<SmiField> columns;
    private int nameColumn;
    private final int[] cellFrom = new int[MAX_CELLS];
    private final int[] cellTo = new int[MAX_CELLS];
    private final Map<String, Integer> gpuOrdinals = new HashMap<>();
    private final Map<String, Integer> seenInRound = new HashMap<>();
    private final TextCache texts = new TextCache();
    private long tick = -1;
    private long roundTimestamp = Long.MIN_VALUE;
    private int skipped;
    private int noMemory;
    private boolean identified;
    // the timestamp of the last row, cached per hour (zone offsets only change on the hour)
    private final byte[] lastHour = new byte[13];
    private long lastHourMillis = Long.MIN_VALUE;

    private NvidiaCsvTraceParser(String fileName, ZoneId zone, TraceSink sink) {
        this.fileName = fileName;
        this.zone = zone;
        this.sink = sink;
    }

    static TraceInfo parse(String fileName, InputStream in, ZoneId zone, TraceSink sink)
            throws TraceException, IOException {
        return new NvidiaCsvTraceParser(fileName, zone, sink).run(new ByteLines(in, fileName));
    }

    private TraceInfo run(ByteLines lines) throws TraceException, IOException {
        while (lines.next()) {
            int from = lines.lineStart;
            int to = lines.lineEnd;
            byte[] b = lines.buffer();
            if (lines.lineNumber() == 1 && to - from >= 3 && (b[from] & 0xff) == 0xEF && (b[from + 1] & 0xff) == 0xBB
                    && (b[from + 2] & 0xff) == 0xBF) {
                from += 3; // byte-order mark
            }
            while (from < to && (b[from] == ' ' || b[from] == '\t')) {
                from++;
            }
            while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t' || b[to - 1] == '\r')) {
                to--;
            }
            if (from == to) {
                continue;
            }
            if (columns == null) {
                String text = new String(b, from, to - from, StandardCharsets.UTF_8);
                Optional<List<SmiField>> header = SmiCsvParser.columnsOfHeader(text);
                setColumns(header.isPresent() ? header.get() : inferLayout(text));
                if (header.isPresent()) {
                    continue;
                }
            }
            row(b, from, to, lines.lineNumber());
        }
        if (columns == null) {
            throw new TraceException(fileName + " holds no nvidia-smi CSV rows: record one with nvidia-smi "
                    + "--query-gpu=timestamp,index,uuid,name,memory.total,memory.used --format=csv -lms 100");
        }
        if (skipped > 0) {
            warnings.add("skipped " + skipped + " line(s) of " + fileName + " that are not CSV rows of the header's "
                    + columns.size() + " columns");
        }
        if (noMemory > 0) {
            warnings.add(noMemory + " row(s) of " + fileName + " have no memory.used (unified-memory GPU or [N/A]): "
                    + "left out");
        }
        boolean timestamps = columns.contains(SmiField.TIMESTAMP);
        if (!timestamps) {
            warnings.add(fileName + " has no timestamp column: times are sample numbers");
        }
        if (!identified) {
            warnings.add(fileName + " has no index, uuid or pci.bus_id column: GPUs are told apart by name and total"
                    + (timestamps ? " and their order within a timestamp" : "; identical GPUs read as one"));
        }
        return new TraceInfo(TraceFormat.NVIDIA_SMI_CSV, timestamps, warnings);
    }

    private void setColumns(List<SmiField> fields) {
        columns = List.copyOf(fields);
        nameColumn = columns.indexOf(SmiField.NAME);
        identified = columns.contains(SmiField.UUID) || columns.contains(SmiField.PCI_BUS_ID)
                || columns.contains(SmiField.INDEX);
    }

    private void row(byte[] b, int from, int to, long lineNumber) throws TraceException {
        int cells = split(b, from, to);
        if (cells < 0 || !firstCellIsData(b, cellFrom[0], cellTo[0])) {
            if (!isRepeatedHeader(b, from, to)) {
                skipped++;
            }
            return;
        }
        if (cells != columns.size()) {
            throw rowError(lineNumber, "has " + cells + " cells where the header names " + columns.size()
                    + " columns (" + columnNames() + "): the columns are shifted or the file mixes two queries;"
                    + " record it again with one --query-gpu and --format=csv");
        }
        Long timestamp = null;
        Integer index = null;
        String uuid = null;
        String pci = null;
        String name = null;
        long used = SmiMemoryCell.ABSENT;
        long total = SmiMemoryCell.ABSENT;
        long reserved = SmiMemoryCell.ABSENT;
        Integer utilization = null;
        Double power = null;
        for (int c = 0; c < cells; c++) {
            int f = cellFrom[c];
            int t = cellTo[c];
            SmiField field = columns.get(c);
            try {
                switch (field) {
                    case TIMESTAMP -> timestamp = timestamp(b, f, t);
                    case INDEX -> index = wholeNumber(b, f, t, "not a GPU index");
                    case UUID -> {
                        uuid = texts.text(b, f, t);
                        if (uuid != null && !uuid.startsWith("GPU-") && !uuid.startsWith("MIG-")) {
                            throw new IllegalArgumentException("not a GPU UUID (GPU-...)");
                        }
                    }
                    case PCI_BUS_ID -> pci = texts.text(b, f, t);
                    case NAME -> name = texts.text(b, f, t);
                    case MEMORY_USED -> used = SmiMemoryCell.parse(b, f, t, Bytes.MIB);
                    case MEMORY_TOTAL -> total = SmiMemoryCell.parse(b, f, t, Bytes.MIB);
                    case MEMORY_RESERVED -> reserved = SmiMemoryCell.parse(b, f, t, Bytes.MIB);
                    case MEMORY_FREE -> SmiMemoryCell.parse(b, f, t, Bytes.MIB); // checked, derived by readers
                    case UTILIZATION_GPU -> utilization = percent(b, f, t);
                    case POWER_DRAW -> power = decimal(b, f, t);
                    default -> {
                        // other columns are not kept
                    }
                }
            } catch (IllegalArgumentException e) {
                throw rowError(lineNumber, "column '" + field.queryName() + "' holds '"
                        + new String(b, f, t - f, StandardCharsets.UTF_8) + "', " + e.getMessage()
                        + (field == SmiField.OTHER ? "" : ": the columns may be shifted (the header says "
                        + columnNames() + "); correct the file or record it again"));
            }
        }
        String key = uuid != null ? "uuid " + uuid : pci != null ? "pci " + pci : index != null ? "index " + index
                : "name " + name + " total " + total;
        if (timestamp != null && timestamp != roundTimestamp) {
            roundTimestamp = timestamp;
            seenInRound.clear();
            tick++;
        } else if (tick < 0) {
            tick = 0;
        }
        int repeats = seenInRound.merge(key, 1, Integer::sum);
        if (repeats > 1) {
            if (!identified && timestamp != null) {
                key = key + " #" + repeats; // the same model again at the same time: the next GPU of that kind
            } else {
                seenInRound.clear(); // the same GPU again: a new round of samples
                seenInRound.put(key, 1);
                tick++;
            }
        }
        int ordinal = gpuOrdinals.computeIfAbsent(key, k -> gpuOrdinals.size());
        if (used == SmiMemoryCell.ABSENT) {
            noMemory++;
            return;
        }
        long ts = timestamp != null ? timestamp : tick * Trace.SYNTHETIC_TICK_MILLIS;
        sink.accept(new TraceEvent.Sample(GpuSample.of(ts, index != null ? index : ordinal, uuid, name, used,
                total == SmiMemoryCell.ABSENT ? null : total, reserved == SmiMemoryCell.ABSENT ? null : reserved,
                utilization, power)));
    }

    private TraceException rowError(long lineNumber, String problem) {
        return new TraceException(fileName + " line " + lineNumber + " " + problem);
    }

    private String columnNames() {
        return String.join(", ", columns.stream().map(f -> f == SmiField.OTHER ? "(other)" : f.queryName()).toList());
    }

    /** Cells separated by ", "; a name with ", " in it is joined back. Returns the count, or -1 for too many. */
    private int split(byte[] b, int from, int to) {
        int n = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            if (b[i] == ',' && i + 1 < to && b[i + 1] == ' ') {
                if (n == MAX_CELLS - 1) {
                    return -1;
                }
                cellFrom[n] = start;
                cellTo[n] = i;
                n++;
                start = i + 2;
                i++;
            } else if (b[i] == ',' && i + 1 == to) {
                cellFrom[n] = start;
                cellTo[n] = i;
                n++;
                start = to;
            }
        }
        cellFrom[n] = start;
        cellTo[n] = to;
        n++;
        for (int c = 0; c < n; c++) {
            while (cellFrom[c] < cellTo[c] && b[cellFrom[c]] == ' ') {
                cellFrom[c]++;
            }
            while (cellTo[c] > cellFrom[c] && b[cellTo[c] - 1] == ' ') {
                cellTo[c]--;
            }
        }
        if (n > columns.size() && nameColumn >= 0) {
            int extra = n - columns.size();
            cellTo[nameColumn] = cellTo[nameColumn + extra];
            System.arraycopy(cellFrom, nameColumn + extra + 1, cellFrom, nameColumn + 1, n - nameColumn - extra - 1);
            System.arraycopy(cellTo, nameColumn + extra + 1, cellTo, nameColumn + 1, n - nameColumn - extra - 1);
            n -= extra;
        }
        return n;
    }

    private boolean firstCellIsData(byte[] b, int from, int to) {
        SmiField first = columns.get(0);
        try {
            return switch (first) {
                case TIMESTAMP -> timestamp(b, from, to) != null;
                case INDEX -> wholeNumber(b, from, to, "") != null;
                case UUID -> to - from > 4 && (startsWith(b, from, to, "GPU-") || startsWith(b, from, to, "MIG-"));
                default -> SmiField.fromHeader(new String(b, from, to - from, StandardCharsets.UTF_8)) != first;
            };
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean startsWith(byte[] b, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isRepeatedHeader(byte[] b, int from, int to) {
        return SmiCsvParser.columnsOfHeader(new String(b, from, to - from, StandardCharsets.UTF_8)).isPresent();
    }

    /** "yyyy/MM/dd HH:mm:ss[.fff]" in the reader's zone; null when the cell is no such time. */
    private Long timestamp(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 19 || b[from + 4] != '/' || b[from + 7] != '/' || b[from + 10] != ' ' || b[from + 13] != ':'
                || b[from + 16] != ':') {
            return null;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        int millis = 0;
        if (n > 19) {
            if (b[from + 19] != '.' || n == 20) {
                return null;
            }
            int scale = 100;
            for (int i = from + 20; i < to; i++) {
                if (b[i] < '0' || b[i] > '9') {
                    return null;
                }
                millis += (b[i] - '0') * scale;
                scale /= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 60) {
            return null;
        }
        if (lastHourMillis == Long.MIN_VALUE || !java.util.Arrays.equals(b, from, from + 13, lastHour, 0, 13)) {
            try {
                lastHourMillis = LocalDateTime.of(year, month, day, hour, 0).atZone(zone).toInstant().toEpochMilli();
            } catch (java.time.DateTimeException e) {
                return null;
            }
            System.arraycopy(b, from, lastHour, 0, 13);
        }
        return lastHourMillis + minute * 60_000L + second * 1000L + millis;
    }

    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    /** A whole number, null for a "not available" spelling. */
    private static Integer wholeNumber(byte[] b, int from, int to, String problem) {
        if (from == to || b[from] == '[' || b[from] == 'N') {
            return null;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9' || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(problem);
            }
            v = v * 10 + (b[i] - '0');
        }
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(problem);
        }
        return (int) v;
    }

    private static Integer percent(byte[] b, int from, int to) {
        Double v = decimal(b, from, to);
        if (v == null) {
            return null;
        }
        if (v < 0 || v > 100) {
            throw new IllegalArgumentException("not a percentage from 0 to 100");
        }
        return (int) Math.round(v);
    }

    /** A number with an optional unit ("250.5 W", "37 %"), null for a "not available" spelling. */
    private static Double decimal(byte[] b, int from, int to) {
        if (from == to || b[from] == '[' || b[from] == 'N') {
            return null;
        }
        int end = from;
        while (end < to && (b[end] == '-' || b[end] == '.' || (b[end] >= '0' && b[end] <= '9'))) {
            end++;
        }
        try {
            double v = Double.parseDouble(new String(b, from, end - from, StandardCharsets.US_ASCII));
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("not a number of 0 or more");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
    }

    /** Layouts of headerless files, anchored on the UUID column: see the class comment. */
    private List<SmiField> inferLayout(String firstRow) throws TraceException {
        String[] cells = firstRow.strip().split(", ", -1);
        int uuid = -1;
        for (int i = 0; i < cells.length; i++) {
            if (cells[i].trim().startsWith("GPU-")) {
                uuid = i;
                break;
            }
        }
        boolean leadingTimestamp = cells.length > 0
                && cells[0].trim().matches("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?");
        int expectedUuid = leadingTimestamp ? 2 : 1;
        if (uuid != expectedUuid) {
            throw new TraceException(fileName + " is a CSV without a header and without an index, uuid column pair, "
                    + "so its columns cannot be told apart: record it with the header (--format=csv,nounits) or "
                    + "add the header line nvidia-smi prints for the query you used");
        }
        List<SmiField> fields = new ArrayList<>();
        if (leadingTimestamp) {
            fields.add(SmiField.TIMESTAMP);
        }
        fields.add(SmiField.INDEX);
        fields.add(SmiField.UUID);
        fields.add(SmiField.NAME);
        int after = cells.length - uuid - 2;
        switch (after) {
            case 2 -> fields.addAll(List.of(SmiField.MEMORY_TOTAL, SmiField.MEMORY_USED));
            case 3 -> fields.addAll(List.of(SmiField.MEMORY_TOTAL, SmiField.MEMORY_USED, SmiField.MEMORY_FREE));
            case 4 -> fields.addAll(List.of(SmiField.OTHER, SmiField.UTILIZATION_GPU, SmiField.MEMORY_USED,
                    SmiField.MEMORY_TOTAL)); // gpustat's early query: temperature, utilization, used, total
            case 5 -> fields.addAll(List.of(SmiField.MEMORY_TOTAL, SmiField.MEMORY_USED, SmiField.MEMORY_FREE,
                    SmiField.UTILIZATION_GPU, SmiField.OTHER));
            default -> throw new TraceException(fileName + " is a CSV without a header with " + cells.length
                    + " columns, a layout MemLens does not know: record it with the header (--format=csv,nounits)");
        }
        warnings.add(fileName + " has no header: assumed columns "
                + String.join(", ", fields.stream().map(f -> f == SmiField.OTHER ? "(ignored)" : f.queryName())
                .toList()));
        return fields;
    }

    /** The few distinct texts of a trace (UUIDs, names, bus ids), decoded once: rows repeat them millions of times. */
    private static final class TextCache {
        private static final int SLOTS = 256;
        private final byte[][] keys = new byte[SLOTS][];
        private final String[] values = new String[SLOTS];

        String text(byte[] b, int from, int to) {
            if (from == to || b[from] == '[' || (to - from == 3 && b[from] == 'N' && b[from + 1] == '/'
                    && b[from + 2] == 'A')) {
                return null;
            }
            int hash = 1;
            for (int i = from; i < to; i++) {
                hash = 31 * hash + b[i];
            }
            int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
            byte[] key = keys[slot];
            if (key != null && java.util.Arrays.equals(key, 0, key.length, b, from, to)) {
                return values[slot];
            }
            String value = new String(b, from, to - from, StandardCharsets.UTF_8);
            keys[slot] = java.util.Arrays.copyOfRange(b, from, to);
            values[slot] = value;
            return value;
        }
    }
}
