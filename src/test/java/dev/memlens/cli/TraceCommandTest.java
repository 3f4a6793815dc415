package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.gpu.StandIns;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TraceCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new TraceCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void printsSamplesBaselineAndPeakWithItsTime() {
        assertEquals(0, run(StandIns.resource("h200/runs/llama2-7b-b8-256-256/nvidia-smi.csv").toString()));
        String text = out.toString();
        assertTrue(text.contains("source: nvidia-smi csv"), text);
        assertTrue(text.contains("GPU 0  NVIDIA H200  GPU-6486822f-842c-1320-f829-e4155c0d2130"), text);
        assertTrue(text.contains("samples   228"), text);
        assertTrue(text.contains("baseline  0.00 GiB (4 MiB)  at 2026-11-27T20:21:27.669Z"), text);
        assertTrue(text.contains("peak      19.39 GiB (19855 MiB)  at 2026-11-27T20:21:47.232Z"), text);
    }

    @Test
    void jsonHasExactlyTheSpecifiedKeysWithNullsForAbsentValues() throws Exception {
        assertEquals(0, run(StandIns.resource("formats/rocm-smi-old-keys.json").toString(), "--json"));
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertEquals("rocm-smi json", root.get("source").asText());
        JsonNode gpu = root.get("gpus").get(0);
        assertEquals(java.util.List.of("index", "uuid", "name", "total_bytes", "samples", "baseline_used_bytes",
                "peak_used_bytes"), iterableToList(gpu.fieldNames()));
        assertTrue(gpu.get("uuid").isNull());
        assertEquals(12868124672L, gpu.get("total_bytes").asLong());
        assertEquals(1101004800L, gpu.get("peak_used_bytes").asLong());
        assertTrue(root.get("warnings").get(0).asText().contains("no timestamps"));
    }

    @Test
    void unreadableFilesSayWhyWithoutAStackTrace() {
        assertEquals(2, run("/nonexistent/trace.csv"));
        assertTrue(err.toString().startsWith("memlens trace: the trace /nonexistent/trace.csv does not exist"),
                err.toString());
        assertTrue(!err.toString().contains("Exception"));
    }

    private static java.util.List<String> iterableToList(java.util.Iterator<String> it) {
        java.util.List<String> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
