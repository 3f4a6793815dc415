package dev.memlens.core.gpu.trace;

import dev.memlens.core.gpu.nvidia.SmiCsvParser;
import dev.memlens.core.gpu.nvidia.SmiField;
import dev.memlens.core.gpu.nvidia.SmiRow;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * nvidia-smi --query-gpu CSV traces, with or without header and units. With a header, columns are mapped by name;
 * without one, the layout is inferred from the first row (the UUID column anchors it) among the layouts the original
 * scripts and common tools write. Lines that do not fit (XID messages, repeated headers) are counted and skipped.
 */
final class NvidiaCsvTraceParser {
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?");

    private NvidiaCsvTraceParser() {
    }

    static Trace parse(String fileName, List<String> lines, ZoneId zone) throws TraceException {
        List<String> warnings = new ArrayList<>();
        SmiCsvParser parser = null;
        List<TraceEvent> events = new ArrayList<>();
        int skipped = 0;
        int noMemory = 0;
        long tick = -1;
        int lastIndex = Integer.MAX_VALUE;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            Optional<List<SmiField>> header = SmiCsvParser.columnsOfHeader(line);
            if (header.isPresent()) {
                if (parser == null) {
                    parser = new SmiCsvParser(header.get(), zone);
                }
                continue;
            }
            if (parser == null) {
                parser = new SmiCsvParser(inferLayout(fileName, line, warnings), zone);
            }
            Optional<SmiRow> row = parser.parse(line);
            if (row.isEmpty()) {
                skipped++;
                continue;
            }
            SmiRow r = row.get();
            if (r.index() <= lastIndex) {
                tick++; // a new round of GPUs starts
            }
            lastIndex = r.index();
            if (!r.hasMemory()) {
                noMemory++;
                continue;
            }
            events.add(new TraceEvent.Sample(r.toSample(tick * Trace.SYNTHETIC_TICK_MILLIS)));
        }
        if (parser == null) {
            throw new TraceException(fileName + " holds no nvidia-smi CSV rows: record one with nvidia-smi "
                    + "--query-gpu=timestamp,index,uuid,name,memory.total,memory.used --format=csv -lms 100");
        }
        if (skipped > 0) {
            warnings.add("skipped " + skipped + " line(s) of " + fileName + " that are not CSV rows of the header's "
                    + parser.columns().size() + " columns");
        }
        if (noMemory > 0) {
            warnings.add(noMemory + " row(s) of " + fileName + " have no memory.used (unified-memory GPU or [N/A]): "
                    + "left out");
        }
        boolean timestamps = parser.columns().contains(SmiField.TIMESTAMP);
        if (!timestamps) {
            warnings.add(fileName + " has no timestamp column: times are sample numbers");
        }
        return new Trace(TraceFormat.NVIDIA_SMI_CSV, events, timestamps, warnings);
    }

    /** Layouts of headerless files, anchored on the UUID column: see the class comment. */
    private static List<SmiField> inferLayout(String fileName, String firstRow, List<String> warnings)
            throws TraceException {
        String[] cells = firstRow.strip().split(", ", -1);
        int uuid = -1;
        for (int i = 0; i < cells.length; i++) {
            if (cells[i].trim().startsWith("GPU-")) {
                uuid = i;
                break;
            }
        }
        boolean leadingTimestamp = cells.length > 0 && TIMESTAMP.matcher(cells[0].trim()).matches();
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
}
