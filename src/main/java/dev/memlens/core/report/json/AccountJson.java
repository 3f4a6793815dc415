package dev.memlens.core.report.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.GpuAccount;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryAccount;
import java.util.List;
import java.util.Map;

/**
 * The {@code memory_account} section: {@code {"total_bytes", "items": [{"component", "bytes", "kind", "source",
 * "note"}], "per_gpu": [...], "details": {...}}}; an unknown item's bytes are JSON null.
 */
final class AccountJson {
    private AccountJson() {
    }

    static ObjectNode toJson(MemoryAccount m) {
        ObjectNode o = ReportWriter.MAPPER.createObjectNode();
        putLong(o, "total_bytes", m.totalBytes());
        if (m.totalBytes() != null) {
            o.put("total_source", m.totalSource().tag());
            ReportWriter.putText(o, "total_note", m.totalNote().isEmpty() ? null : m.totalNote());
        }
        if (m.peakBytes() != null) {
            o.put("peak_bytes", m.peakBytes());
        }
        if (m.baselineBytes() != null) {
            o.put("baseline_bytes", m.baselineBytes());
        }
        o.put("inconsistent", m.isInconsistent());
        items(o.putArray("items"), m.items());
        ArrayNode gpus = o.putArray("per_gpu");
        for (GpuAccount g : m.perGpu()) {
            ObjectNode go = gpus.addObject();
            go.put("index", g.index());
            ReportWriter.putText(go, "uuid", g.uuid());
            putLong(go, "total_bytes", g.totalBytes());
            items(go.putArray("items"), g.items());
        }
        ObjectNode details = o.putObject("details");
        for (Map.Entry<String, MeasuredFigure> e : m.details().entrySet()) {
            ObjectNode d = details.putObject(e.getKey());
            ReportWriter.putBytes(d, "value", e.getValue().bytes());
            d.put("source", e.getValue().source().tag());
            if (!e.getValue().note().isEmpty()) {
                d.put("note", e.getValue().note());
            }
        }
        return o;
    }

    private static void items(ArrayNode list, List<AccountItem> items) {
        for (AccountItem i : items) {
            ObjectNode io = list.addObject();
            io.put("component", i.component().tag());
            putLong(io, "bytes", i.bytes());
            if (i.bytes() == null) {
                io.putNull("gb");
            } else {
                io.put("gb", ReportWriter.gb(i.bytes()));
            }
            io.put("kind", i.kind().tag());
            if (i.source() == null) {
                io.putNull("source");
            } else {
                io.put("source", i.source().tag());
            }
            io.put("note", i.note());
        }
    }

    /** The value, or JSON null when unknown. */
    static void putLong(ObjectNode o, String key, Long v) {
        if (v == null) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }
}
