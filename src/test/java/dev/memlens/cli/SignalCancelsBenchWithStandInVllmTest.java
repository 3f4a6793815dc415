package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real `memlens bench` JVM, terminated by a signal mid-run, with stand-in vllm and nvidia-smi: the process tree
 * ends, the report is saved as cancelled, and the exit code names the signal (143 SIGTERM, 130 SIGINT). A build
 * started in the background has SIGINT ignored, which its children inherit: the SIGINT case then skips.
 */
class SignalCancelsBenchWithStandInVllmTest {
    @TempDir
    Path dir;

    private Path runs;
    private Path pids;

    @Test
    void sigtermEndsTheProcessTreeSavesTheReportAsCancelledAndExits143() throws Exception {
        Process memlens = startHangingBench();
        memlens.destroy(); // SIGTERM
        assertCancelledWith(memlens, ExitCodes.SIGTERM);
    }

    @Test
    void sigintDoesTheSameAndExits130() throws Exception {
        Process memlens = startHangingBench();
        try {
            Assumptions.assumeFalse(ignoresSigint(memlens.pid()), "SIGINT is ignored in this build's process group");
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(memlens.pid())).start().waitFor());
            assertCancelledWith(memlens, ExitCodes.SIGINT);
        } finally {
            memlens.destroyForcibly();
        }
    }

    /** memlens bench with a stand-in vllm that hangs, once the stand-in and its child have started. */
    private Process startHangingBench() throws Exception {
        StandInExecutables bin = new StandInExecutables(dir);
        bin.install("/run/bench/stand-in-vllm.sh", "vllm");
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        runs = dir.resolve("runs");
        pids = dir.resolve("pids");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.memlens.MemLens",
                "bench", "--model", "m", "--input-len", "8", "--output-len", "8", "--runs-dir", runs.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().putAll(bin.environment());
        pb.environment().putAll(Map.of("STANDIN_VLLM_DIR", Resources.path("run/bench").toString(),
                "STANDIN_VLLM_MODE", "hang", "STANDIN_STATE", dir.toString(), "STANDIN_VLLM_PIDS", pids.toString()));
        Process memlens = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(pids) && Files.readAllLines(pids).size() >= 2)) {
            assertTrue(memlens.isAlive(), "memlens ended early: " + Files.readString(dir.resolve("out.txt")));
            assertTrue(System.nanoTime() < deadline, "the stand-in vllm never started");
            Thread.sleep(50);
        }
        return memlens;
    }

    private void assertCancelledWith(Process memlens, int exitCode) throws Exception {
        assertTrue(memlens.waitFor(60, TimeUnit.SECONDS), "memlens did not end after the signal");
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(exitCode, memlens.exitValue(), out);
        try (Stream<Path> files = Files.list(runs)) {
            List<Path> reports = files.filter(p -> p.toString().endsWith(".json")).toList();
            assertEquals(1, reports.size(), out);
            ProfileReport r = ReportReader.read(reports.get(0));
            assertEquals(RunStatus.CANCELLED, r.status(), out);
        }
        for (String pid : Files.readAllLines(pids)) {
            var handle = ProcessHandle.of(Long.parseLong(pid.trim()));
            assertTrue(handle.isEmpty() || !handle.get().isAlive(), "process " + pid + " survived the signal");
        }
    }

    /** Whether SIGINT (signal 2) is in the process's ignored set (/proc/PID/status SigIgn). */
    private static boolean ignoresSigint(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).strip(), 16) & 0b10) != 0;
            }
        }
        return false;
    }
}
