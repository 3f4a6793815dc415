package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.cli.ExitCodeContractTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare, trace and parse-log on hostile files: exit 2, one line naming the file and the line or field. */
class HostileInputCommandsTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void oneLineExit2(Result r, String expectedStart) {
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith(expectedStart), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void compareRefusesAReportPastTheLimits() throws Exception {
        Path deep = file("deep.json", "{\"a\":" + "[".repeat(1500) + "]".repeat(1500) + "}");
        oneLineExit2(ExitCodeContractTest.memlens("compare", deep.toString(), "--calc-total", "10"),
                "memlens compare: " + deep + ": the JSON is past MemLens's limits (nested deeper than 200 levels)");
        Path digits = file("digits.json", "{\"memory_breakdown\": {\"total_measured_bytes\": " + "1".repeat(1200) + "}}");
        oneLineExit2(ExitCodeContractTest.memlens("compare", digits.toString(), "--calc-total", "10"),
                "memlens compare: " + digits + ": the JSON");
    }

    @Test
    void compareRefusesOverflowingCalculatorFlags() throws Exception {
        Path report = file("r.json", "{\"memory_breakdown\": {\"total_measured_bytes\": 1000}}");
        Result r = ExitCodeContractTest.memlens("compare", report.toString(), "--calc-total", "1e12");
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().startsWith("memlens compare: --calc-total must be a size from 0 to 9223372036 GB"), r.err());
    }

    @Test
    void parseLogRefusesTwentyDigitIntegersNamingTheLine() throws Exception {
        Path log = file("vllm.log", "INFO 11-27 10:00:00 [core.py:1] starting\n"
                + "INFO 11-27 10:00:01 [kv_cache_utils.py:1] GPU KV cache size: 123456789012345678901 tokens\n");
        oneLineExit2(ExitCodeContractTest.memlens("parse-log", log.toString()),
                "memlens parse-log: " + log + " line 2 (\"INFO 11-27 10:00:01 [kv_cache_utils.py:1] GPU KV cache size:"
                        + " 123456789012345678901 tokens\"): the number 123456789012345678901 is too large");
    }

    @Test
    void parseLogRefusesNegativeAndOverflowingSizes() throws Exception {
        Path negative = file("neg.log", "INFO 11-27 10:00:01 [gpu_model_runner.py:1] Model loading took -14.99 GiB"
                + " and 3.2 seconds\n");
        oneLineExit2(ExitCodeContractTest.memlens("parse-log", negative.toString()),
                "memlens parse-log: " + negative + " line 1 (");
        Path huge = file("huge.log", "INFO 11-27 10:00:01 [gpu_worker.py:1] Available KV cache memory: 1e300 GiB\n"
                + "INFO 11-27 10:00:01 [gpu_worker.py:1] Available KV cache memory: 99999999999999 GiB\n");
        Result r = ExitCodeContractTest.memlens("parse-log", huge.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("line 2 (") && r.err().contains("the size 99999999999999 GiB is too large"),
                r.err());
    }

    @Test
    void traceRefusesKibShiftedAndNegativeCellsNamingTheLine() throws Exception {
        String header = "timestamp, index, uuid, name, memory.total [MiB], memory.used [MiB]\n";
        Path negative = file("neg.csv", header + "2026/11/27 10:00:00.000, 0, GPU-a, H200, 143771 MiB, -1 MiB\n");
        oneLineExit2(ExitCodeContractTest.memlens("trace", negative.toString()),
                "memlens trace: neg.csv line 2 column 'memory.used' holds '-1 MiB', a memory size cannot be negative");
        Path kib = file("kib.csv", header + "2026/11/27 10:00:00.000, 0, GPU-a, H200, 143771 MiB, 2048 KiB\n");
        Result r = ExitCodeContractTest.memlens("trace", kib.toString(), "--json");
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertTrue(r.out().contains("\"peak_used_bytes\" : 2097152"), r.out());
    }
}
