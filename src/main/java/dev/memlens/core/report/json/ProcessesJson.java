package dev.memlens.core.report.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.report.ProcessMemory;
import dev.memlens.core.report.ReportFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's {@code processes} section: {@code [{"pid", "name", "gpu_index", "gpu_uuid", "used_at_peak_bytes",
 * "peak_bytes"}]}, one entry per process and GPU; unknown values are JSON null. Reports without it have no processes.
 */
final class ProcessesJson {
    private ProcessesJson() {
    }

    static void write(ObjectNode root, List<ProcessMemory> processes) {
        root.remove("processes");
        if (processes.isEmpty()) {
            return;
        }
        ArrayNode list = root.putArray("processes");
        for (ProcessMemory p : processes) {
            ObjectNode o = list.addObject();
            o.put("pid", p.pid());
            ReportWriter.putText(o, "name", p.name());
            if (p.gpuIndex() == null) {
                o.putNull("gpu_index");
            } else {
                o.put("gpu_index", p.gpuIndex());
            }
            ReportWriter.putText(o, "gpu_uuid", p.gpuUuid());
            AccountJson.putLong(o, "used_at_peak_bytes", p.usedAtPeakBytes());
            AccountJson.putLong(o, "peak_bytes", p.peakBytes());
        }
    }

    /** The section, or an empty list when the report has none. */
    static List<ProcessMemory> read(JsonFields f, JsonNode root) throws ReportFormatException {
        JsonNode list = f.array(root, "", "processes");
        List<ProcessMemory> out = new ArrayList<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String at = "processes[" + i + "]";
            JsonNode p = list.get(i);
            if (!p.isObject()) {
                throw f.error(at, "expected an object with pid, name, gpu_index, used_at_peak_bytes and peak_bytes;"
                        + " correct the entry in the file or re-export the report.");
            }
            Long pid = f.wholeNumber(p, at, "pid");
            if (pid == null) {
                throw f.error(at + ".pid", "is missing. Correct the value in the file or re-export the report.");
            }
            out.add(new ProcessMemory(pid, f.text(p, at, "name"), f.integer(p, at, "gpu_index"),
                    f.text(p, at, "gpu_uuid"), bytes(f, p, at, "used_at_peak_bytes"), bytes(f, p, at, "peak_bytes")));
        }
        return out;
    }

    private static Long bytes(JsonFields f, JsonNode p, String at, String key) throws ReportFormatException {
        Long v = f.wholeNumber(p, at, key);
        if (v != null && v < 0) {
            throw f.error(at + "." + key, "is negative (" + v + "); memory in bytes is 0 or more. Correct the value"
                    + " in the file or re-export the report.");
        }
        return v;
    }
}
