package dev.memlens.core.gpu.nvidia;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses nvidia-smi --query-gpu CSV lines by column position. Cells are separated by ", " and never quoted, so a
 * GPU name containing ", " yields extra cells, which are joined back into the name column. Lines that do not fit
 * (a header, an XID event message, garbage) give {@link Optional#empty()}.
 */
public final class SmiCsvParser {
    private static final DateTimeFormatter SMI_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss[.SSS]");

    private final List<SmiField> columns;
    private final ZoneId timestampZone;
    private final int nameColumn;
    private String rejection;

    /**
     * @param columns       the queried fields in order
     * @param timestampZone zone for the "timestamp" column, which nvidia-smi prints in local time without a zone
     */
    public SmiCsvParser(List<SmiField> columns, ZoneId timestampZone) {
        this.columns = List.copyOf(columns);
        this.timestampZone = timestampZone;
        this.nameColumn = this.columns.indexOf(SmiField.NAME);
    }

    public List<SmiField> columns() {
        return columns;
    }

    /** The columns named by a header line such as "index, uuid, memory.used [MiB]", if it is one. */
    public static Optional<List<SmiField>> columnsOfHeader(String line) {
        String clean = stripLine(line);
        if (!clean.contains("memory.used") && !clean.contains("index") && !clean.contains("uuid")) {
            return Optional.empty();
        }
        List<SmiField> fields = new ArrayList<>();
        for (String cell : clean.split(",")) {
            fields.add(SmiField.fromHeader(cell));
        }
        return fields.contains(SmiField.MEMORY_USED) || fields.contains(SmiField.INDEX)
                ? Optional.of(fields) : Optional.empty();
    }

    /**
     * The row of a data line; empty for a line that is not one. A line of the right shape whose memory cell cannot be
     * read (a unit that is not a memory unit) is empty too, and {@link #takeRejection()} then says why.
     */
    public Optional<SmiRow> parse(String line) {
        rejection = null;
        try {
            return parseRow(line);
        } catch (IllegalArgumentException e) {
            rejection = e.getMessage();
            return Optional.empty();
        }
    }

    /** Why the last {@link #parse} gave nothing for a line that looked like data; empty for plain non-data lines. */
    public Optional<String> takeRejection() {
        Optional<String> reason = Optional.ofNullable(rejection);
        rejection = null;
        return reason;
    }

    private static Long memory(String cell) {
        return SmiValues.memoryBytes(cell);
    }

    private Optional<SmiRow> parseRow(String line) {
        String clean = stripLine(line);
        if (clean.isEmpty()) {
            return Optional.empty();
        }
        List<String> cells = new ArrayList<>(Arrays.asList(clean.split(", ", -1)));
        if (cells.size() > columns.size() && nameColumn >= 0) {
            int extra = cells.size() - columns.size();
            String joined = String.join(", ", cells.subList(nameColumn, nameColumn + extra + 1));
            cells.subList(nameColumn, nameColumn + extra + 1).clear();
            cells.add(nameColumn, joined);
        }
        if (cells.size() != columns.size()) {
            return Optional.empty();
        }
        Long timestamp = null;
        Integer index = null;
        String uuid = null;
        String name = null;
        Long used = null;
        Long total = null;
        Long reserved = null;
        Integer utilization = null;
        Double power = null;
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i).trim();
            SmiField field = columns.get(i);
            if (isNumeric(field) && !numberOrAbsent(cell)) {
                return Optional.empty(); // a stray line that happens to have the right number of commas
            }
            switch (field) {
                case TIMESTAMP -> timestamp = parseTimestamp(cell);
                case INDEX -> index = SmiValues.integer(cell);
                case UUID -> {
                    uuid = SmiValues.text(cell);
                    if (uuid != null && !uuid.startsWith("GPU-") && !uuid.startsWith("MIG-")) {
                        return Optional.empty();
                    }
                }
                case NAME -> name = SmiValues.text(cell);
                case MEMORY_USED -> used = memory(cell);
                case MEMORY_TOTAL -> total = memory(cell);
                case MEMORY_RESERVED -> reserved = memory(cell);
                case UTILIZATION_GPU -> utilization = SmiValues.percent(cell);
                case POWER_DRAW -> power = SmiValues.number(cell);
                default -> {
                    // MEMORY_FREE and other columns are not kept: free is derived by readers when needed
                }
            }
        }
        if (index == null && columns.contains(SmiField.INDEX)) {
            return Optional.empty();
        }
        if (columns.contains(SmiField.TIMESTAMP) && timestamp == null) {
            return Optional.empty();
        }
        return Optional.of(new SmiRow(timestamp, index == null ? 0 : index, uuid, name, used, total, reserved,
                utilization, power));
    }

    private static boolean isNumeric(SmiField field) {
        return switch (field) {
            case INDEX, MEMORY_TOTAL, MEMORY_USED, MEMORY_FREE, MEMORY_RESERVED, UTILIZATION_GPU, POWER_DRAW -> true;
            default -> false;
        };
    }

    private static boolean numberOrAbsent(String cell) {
        return SmiValues.number(cell) != null || SmiValues.text(cell) == null;
    }

    private Long parseTimestamp(String cell) {
        try {
            return LocalDateTime.parse(cell, SMI_TIMESTAMP).atZone(timestampZone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String stripLine(String line) {
        String clean = line;
        if (!clean.isEmpty() && clean.charAt(0) == '\uFEFF') {
            clean = clean.substring(1);
        }
        return clean.strip(); // also drops the \r of Windows line ends
    }
}
