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
import dev.memlens.core.process.Host;
import dev.memlens.core.process.ManagedProcess;
import dev.memlens.core.process.OutputListener;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRecoveryTest {
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path runs;

    private static ProfileReport skeleton() {
        return ProfileReport.builder().status(RunStatus.INTERRUPTED, null).mode(RunMode.BENCH)
                .startedAt(Instant.parse("2026-11-27T20:00:00Z")).model(ModelInfo.named("meta-llama/Llama-3.1-8B")).build();
    }

    private static RunJournal journalWithSamples(Path runs, int samples) throws Exception {
        RunJournal journal = RunJournal.open(runs, "20261127-200000-bench-llama", skeleton());
        for (int i = 0; i < samples; i++) {
            journal.sample(100L * i, GpuSample.of(0, 0, "GPU-a", "NVIDIA H100", 1_000_000L * i, 80_000_000_000L, null,
                    null, null));
        }
        return journal;
    }

    private List<Path> journals() throws Exception {
        try (Stream<Path> files = Files.list(runs.resolve(RunJournal.DIR))) {
            return files.sorted().toList();
        }
    }

    @Test
    void runsStartedInTheSameSecondGetJournalsOfTheirOwn() throws Exception {
        RunJournal first = RunJournal.open(runs, "20261127-200000-bench-llama", skeleton());
        RunJournal second = RunJournal.open(runs, "20261127-200000-bench-llama", skeleton());
        assertFalse(first.file().equals(second.file()));
        assertEquals(2, journals().size());
        first.delete();
        second.delete();
    }

    @Test
    void aLiveJournalIsNeverRecoveredAndIsOnceItsRunDied() throws Exception {
        RunJournal live = journalWithSamples(runs, 3);
        JournalRecovery.Result whileRunning = JournalRecovery.recover(runs);
        assertEquals(List.of(), whileRunning.reports());
        assertTrue(Files.exists(live.file()), "left alone");
        live.sample(300, GpuSample.of(0, 0, "GPU-a", "NVIDIA H100", 5L, 80_000_000_000L, null, null, null));
        live.close(); // the run "died" without deleting its journal

        List<Path> recovered = JournalRecovery.recoverAll(runs);
        assertEquals(1, recovered.size());
        assertEquals(4, ReportReader.read(recovered.get(0)).timeline().get(0).size(),
                "recovery never ran while the run wrote, so it has every sample");
    }

    @Test
    void aJournalLockedByAnotherProcessIsLeftAlone() throws Exception {
        RunJournal journal = journalWithSamples(runs, 2);
        journal.close();
        CompletableFuture<Void> locked = new CompletableFuture<>();
        ManagedProcess holder = Host.local().start(ProcessSpec.of("python3", "-c",
                "import fcntl, sys, time\n"
                        + "f = open(sys.argv[1], 'r+')\n"
                        + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
                        + "print('locked', flush=True)\n"
                        + "time.sleep(1000)\n", journal.file().toString()), (stream, line) -> {
                            if (line.equals("locked")) {
                                locked.complete(null);
                            }
                        });
        try {
            locked.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of(), JournalRecovery.recoverAll(runs));
            assertTrue(Files.exists(journal.file()));
        } finally {
            holder.cancelAndWait();
        }
        assertEquals(1, JournalRecovery.recoverAll(runs).size(), "recovered once the other MemLens is gone");
    }

    @Test
    void aDamagedLineInTheMiddleKeepsEverythingBeforeItAndSaysWhere() throws Exception {
        RunJournal journal = journalWithSamples(runs, 10);
        journal.close();
        List<String> lines = Files.readAllLines(journal.file());
        lines.set(6, "{\"s\":[\"GPU-a\",\"not a time\",5]}");
        Files.write(journal.file(), lines);

        ProfileReport r = ReportReader.read(JournalRecovery.recoverAll(runs).get(0));
        assertEquals(4, r.timeline().get(0).size(), "the header, the GPU line and four samples come before line 7");
        assertTrue(r.statusMessage().endsWith("(the journal is damaged from line 7 on)"), r.statusMessage());
    }

    @Test
    void aJournalWithoutAReadableHeaderIsSetAsideAndSaidSo() throws Exception {
        RunJournal journal = journalWithSamples(runs, 2);
        journal.close();
        Files.writeString(journal.file(), "\u0000garbage\n");
        JournalRecovery.Result result = JournalRecovery.recover(runs);
        assertEquals(List.of(), result.reports());
        assertTrue(Files.exists(journal.file().resolveSibling(journal.file().getFileName() + ".damaged")));
        assertEquals(1, result.problems().size());
        assertTrue(result.problems().get(0).contains("holds no readable run"), result.problems().get(0));
    }

    @Test
    void aReportThatCannotBeWrittenKeepsTheIntactJournalForTheNextStart() throws Exception {
        RunJournal journal = journalWithSamples(runs, 3);
        journal.close();
        String name = journal.file().getFileName().toString();
        Path target = runs.resolve(name.substring(0, name.length() - RunJournal.SUFFIX.length()) + ".json");
        Files.createDirectories(target.resolve("blocker")); // the report's place is taken: writing it fails like a full disk

        JournalRecovery.Result result = JournalRecovery.recover(runs);
        assertEquals(List.of(), result.reports());
        assertTrue(Files.exists(journal.file()), "not renamed .damaged: nothing is wrong with it");
        assertTrue(result.problems().get(0).contains("its journal is kept and recovery is tried again"),
                result.problems().get(0));

        Files.delete(target.resolve("blocker"));
        Files.delete(target);
        assertEquals(1, JournalRecovery.recoverAll(runs).size());
    }

    @Test
    void anEngineThatOutlivedItsMemLensIsFoundAndEnded() throws Exception {
        RunJournal journal = journalWithSamples(runs, 1);
        ManagedProcess engine = new JournalingHost(Host.local(), journal).start(ProcessSpec.of("sleep", "1000"),
                OutputListener.NONE);
        journal.close(); // MemLens was SIGKILLed: the engine runs on
        try {
            JournalRecovery.Result result = JournalRecovery.recover(runs);
            assertEquals(1, result.reports().size());
            assertEquals(1, result.survivors().size());
            Survivor survivor = result.survivors().get(0);
            assertEquals("sleep", survivor.command());
            assertEquals("20261127-200000-bench-llama", survivor.runId());
            assertEquals(List.of(engine.toHandle().orElseThrow().pid()), survivor.livePids());
            assertEquals(List.of(survivor), Survivors.find(runs), "still told at the next start");

            List<String> ended = Survivors.end(runs, result.survivors());
            assertEquals(List.of("ended sleep of run 20261127-200000-bench-llama: 1 process(es)"), ended);
            ProcessResult gone = engine.awaitResult(GENEROUS).orElseThrow();
            assertEquals(143, gone.exitCode(), "SIGTERM ended it");
            assertEquals(List.of(), Survivors.find(runs));
        } finally {
            engine.cancelAndWait();
        }
    }

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
