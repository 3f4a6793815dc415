package dev.memlens.core.vllm.bench;

import dev.memlens.core.report.LatencyStats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.vllm.log.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

class BenchLatencyOutputTest {

    private static BenchLatencyOutput feed(String fixture, List<BenchProgress> progress) throws IOException {
        BenchLatencyOutput out = new BenchLatencyOutput(progress::add);
        // read raw so that the carriage returns reach accept() inside one line
        for (String line : Files.readString(Fixtures.path(fixture)).split("\n")) {
            out.accept(line);
        }
        return out;
    }

    @Test
    void newest_stdout_with_std_and_tqdm_progress() throws IOException {
        List<BenchProgress> progress = new ArrayList<>();
        BenchLatencyOutput out = feed("bench-latency-stdout-newest.txt", progress);
        LatencyStats s = out.result().orElseThrow();
        assertEquals(1.8342712315994625, s.avgSeconds());
        assertEquals(0.004318920114470342, s.stdSeconds());
        assertEquals(List.of("10", "25", "50", "75", "90", "99"), List.copyOf(s.percentiles().keySet()));
        assertEquals(1.8461209470010363, s.percentile(99));
        assertTrue(out.warmupStarted());
        assertEquals(new BenchProgress(BenchPhase.WARMUP, 0, 10), progress.get(0));
        assertEquals(new BenchProgress(BenchPhase.WARMUP, 10, 10), progress.get(2));
        assertEquals(new BenchProgress(BenchPhase.BENCH, 30, 30), progress.get(progress.size() - 1));
        assertEquals(8, progress.size());
    }

    @Test
    void older_stdout_without_std_and_profiling_iterations() throws IOException {
        List<BenchProgress> progress = new ArrayList<>();
        LatencyStats s = feed("bench-latency-stdout-old-profiling-iterations.txt", progress).result().orElseThrow();
        assertEquals(2.145327783127626, s.avgSeconds());
        assertNull(s.stdSeconds());
        assertEquals(2.144422769546509, s.percentile(50));
        assertEquals(new BenchProgress(BenchPhase.BENCH, 30, 30), progress.get(progress.size() - 1));
    }

    @Test
    void no_result_before_the_average_line() {
        BenchLatencyOutput out = new BenchLatencyOutput();
        out.accept("Warming up...");
        assertTrue(out.result().isEmpty());
    }

    @Test
    void output_json_with_and_without_std() throws IOException {
        LatencyStats newest = BenchLatencyOutput.readJson(Fixtures.path("bench-latency-output-newest.json"));
        assertEquals(0.004318920114470342, newest.stdSeconds());
        assertEquals(3, newest.latencies().size());
        assertEquals(1.8299155369959772, newest.percentile(10));
        LatencyStats old = BenchLatencyOutput.readJson(Fixtures.path("bench-latency-output-old-no-std.json"));
        assertNull(old.stdSeconds());
        assertEquals(7.419569773475329, old.avgSeconds());
        assertEquals(15, old.latencies().size());
        assertEquals(7.734547998122871, old.percentile(99));
    }

    @Test
    void json_without_avg_latency_is_rejected_with_the_field_named() {
        var e = assertThrows(IllegalArgumentException.class, () -> BenchLatencyOutput.parseJson("{\"x\": 1}"));
        assertTrue(e.getMessage().contains("avg_latency"));
    }
}
