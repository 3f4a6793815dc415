package dev.memlens.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunMode;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.report.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRecoveryTest {
    @TempDir
    Path runs;

    @Test
    void aJournalLeftByACrashBecomesAnInterruptedReportWithEverySample() throws Exception {
        ProfileReport skeleton = ProfileReport.builder().status(RunStatus.INTERRUPTED, null).mode(RunMode.BENCH)
                .startedAt(Instant.parse("2026-11-27T20:00:00Z")).model(ModelInfo.named("meta-llama/Llama-3.1-8B")).build();
        RunJournal journal = RunJournal.open(runs, "20261127-200000-bench-llama", skeleton);
        journal.phase(RunPhase.LOADING, 10);
        for (int i = 0; i < 50; i++) {
            journal.sample(100L * i, GpuSample.of(0, 0, "GPU-a", "NVIDIA H100", 1_000_000L * i, 80_000_000_000L, null, null, null));
            journal.sample(100L * i, GpuSample.of(0, 1, "GPU-b", "NVIDIA H100", 2_000_000L * i, 80_000_000_000L, null, null, null));
        }
        journal.phase(RunPhase.MEASURING, 4000);
        journal.close(); // the process "died": nobody deletes the journal
        Files.writeString(journal.file(), Files.readString(journal.file()) + "{\"s\":[\"GPU-a\",50", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);

        List<Path> recovered = JournalRecovery.recoverAll(runs);
        assertEquals(1, recovered.size());
        ProfileReport r = ReportReader.read(recovered.get(0));
        assertEquals(RunStatus.INTERRUPTED, r.status());
        assertEquals("meta-llama/Llama-3.1-8B", r.model().name());
        assertEquals(2, r.timeline().size());
        assertEquals(50, r.timeline().get(0).size(), "the cut-off last line is ignored");
        assertEquals(98_000_000L, r.gpus().devices().get(1).peakUsedBytes());
        assertEquals(List.of("loading", "measuring"), r.phases().stream().map(p -> p.phase()).toList());
        assertEquals(4900L, r.durationMillis());
        assertFalse(Files.exists(journal.file()));
        assertTrue(JournalRecovery.recoverAll(runs).isEmpty(), "recovered once");
    }
}
