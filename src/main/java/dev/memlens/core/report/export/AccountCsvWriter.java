package dev.memlens.core.report.export;

import dev.memlens.core.compare.ComparisonResult;
import dev.memlens.core.compare.ComparisonRow;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.MemoryAccount;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The memory account and its comparison as CSV, for spreadsheets: exact bytes beside decimal GB, an unknown figure
 * an empty cell (never 0), and the same verdict words as every other view.
 */
public final class AccountCsvWriter {
    private AccountCsvWriter() {
    }

    /** {@code component,bytes,gb,kind,source,note}: one row per item, then the total. */
    public static String account(MemoryAccount a) {
        StringBuilder csv = new StringBuilder("component,bytes,gb,kind,source,note\n");
        for (AccountItem i : a.items()) {
            row(csv, i.component().tag(), i.bytes(), i.kind().tag(), i.source() == null ? "" : i.source().tag(), i.note());
        }
        if (a.totalBytes() != null) {
            row(csv, "total", a.totalBytes(), "measured", a.totalSource().tag(), a.totalNote());
        }
        return csv.toString();
    }

    /** {@code component,actual_bytes,calculated_bytes,percent_diff,verdict,kind,source}: the rows, then the total. */
    public static String comparison(ComparisonResult c) {
        StringBuilder csv = new StringBuilder("component,actual_bytes,calculated_bytes,percent_diff,verdict,kind,source\n");
        for (ComparisonRow r : c.rows()) {
            comparisonRow(csv, r);
        }
        comparisonRow(csv, c.total());
        return csv.toString();
    }

    private static void comparisonRow(StringBuilder csv, ComparisonRow r) {
        csv.append(r.isTotal() ? "total" : r.component().jsonStem()).append(',')
                .append(r.actualBytes() == null ? "" : r.actualBytes()).append(',').append(r.calculatedBytes()).append(',')
                .append(r.percentDiff() == null ? "" : BigDecimal.valueOf(r.percentDiff()).setScale(2, RoundingMode.HALF_EVEN)
                        .toPlainString()).append(',')
                .append(r.verdict() == null ? "" : quote(r.verdictLabel())).append(',').append(r.actualKind().tag())
                .append(',').append(quote(r.actualSource())).append('\n');
    }

    private static void row(StringBuilder csv, String component, Long bytes, String kind, String source, String note) {
        csv.append(component).append(',').append(bytes == null ? "" : bytes).append(',')
                .append(bytes == null ? "" : BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1_000_000_000L), 4,
                        RoundingMode.HALF_EVEN).toPlainString())
                .append(',').append(kind).append(',').append(source).append(',').append(quote(note)).append('\n');
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    private static String quote(String s) {
        if (s == null) {
            return "";
        }
        boolean needs = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
