package dev.memlens.core.report.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.compare.ComparisonResult;
import dev.memlens.core.compare.ComparisonRow;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A comparison as JSON, the same in a saved report and in {@code compare --json}: exact bytes beside the decimal GB,
 * a row whose measured side is unknown has null actual figures and a null verdict, {@code pass} is null when the
 * measured total is unknown.
 */
public final class ComparisonJson {
    private ComparisonJson() {
    }

    public static ObjectNode toJson(ComparisonResult c) {
        ObjectNode o = ReportWriter.MAPPER.createObjectNode();
        ArrayNode rows = o.putArray("rows");
        c.rows().forEach(row -> rows.add(row(row)));
        o.set("total", row(c.total()));
        if (c.pass() == null) {
            o.putNull("pass");
        } else {
            o.put("pass", c.pass());
        }
        o.put("tolerance_pct", ReportWriter.decimal(c.tolerancePct()));
        return o;
    }

    public static String toJsonString(ComparisonResult c) {
        try {
            return ReportWriter.MAPPER.writeValueAsString(toJson(c));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode row(ComparisonRow row) {
        ObjectNode o = ReportWriter.MAPPER.createObjectNode();
        o.put("component", row.isTotal() ? "total" : row.component().jsonStem());
        if (row.actualBytes() == null) {
            o.putNull("actual_bytes");
            o.putNull("actual_gb");
            o.putNull("diff_gb");
        } else {
            o.put("actual_bytes", row.actualBytes());
            o.put("actual_gb", ReportWriter.gb(row.actualBytes()));
            o.put("diff_gb", ReportWriter.gb(row.diffBytes()));
        }
        o.put("actual_kind", row.actualKind().tag());
        o.put("actual_source", row.actualSource());
        o.put("calculated_bytes", row.calculatedBytes());
        o.put("calculated_gb", ReportWriter.gb(row.calculatedBytes()));
        if (row.percentDiff() == null) {
            o.putNull("percent_diff");
        } else {
            o.put("percent_diff", BigDecimal.valueOf(row.percentDiff()).setScale(2, RoundingMode.HALF_EVEN));
        }
        if (row.verdictTag() == null) {
            o.putNull("verdict");
            o.putNull("verdict_label");
        } else {
            o.put("verdict", row.verdictTag());
            o.put("verdict_label", row.verdictLabel());
        }
        o.put("advice", row.advice());
        return o;
    }
}
