package dev.memlens.core.report.library;

import static dev.memlens.core.report.library.SavedRuns.GIB;
import static dev.memlens.core.report.library.SavedRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.ReportFormatException;
import dev.memlens.core.report.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLibraryTest {
    private static final Instant T1 = Instant.parse("2025-01-14T09:30:12Z");
    private static final Instant T2 = Instant.parse("2025-02-01T18:00:00Z");

    @TempDir
    Path dir;

    @Test
    void savesOneFileNamedFromStartModelAndModeAndNeverOverwrites() throws Exception {
        RunLibrary lib = new RunLibrary(dir.resolve("runs"));
        Path a = lib.save(run("meta-llama/Llama-3.1-8B", "bench", T1, RunStatus.COMPLETED, null));
        Path b = lib.save(run("meta-llama/Llama-3.1-8B", "bench", T1, RunStatus.COMPLETED, null));
        assertEquals("20250114-093012Z-meta-llama-llama-3.1-8b-bench.json", a.getFileName().toString());
        assertEquals("20250114-093012Z-meta-llama-llama-3.1-8b-bench-2.json", b.getFileName().toString());
        assertEquals(2, lib.list().size());
    }

    @Test
    void listsSummariesNewestFirstWithPeakVerdictAndStatus() throws Exception {
        RunLibrary lib = new RunLibrary(dir);
        ProfileReport sample = run("Qwen2-7B", "api", T1, RunStatus.COMPLETED, 19 * GIB);
        lib.save(sample);
        lib.save(run("Llama-2-7B", "bench", T2, RunStatus.INTERRUPTED, 12 * GIB));
        lib.save(run("Mistral-7B", "hf", T1.minusSeconds(60), RunStatus.CANCELLED, null));

        List<RunSummaryEntry> all = lib.list();
        assertEquals(List.of("Llama-2-7B", "Qwen2-7B", "Mistral-7B"), all.stream().map(RunSummaryEntry::model).toList());
        RunSummaryEntry llama = all.get(0);
        assertTrue(llama.isInterrupted());
        assertEquals(RunVerdict.INTERRUPTED, llama.verdict(), "no verdict against a half-measured run");
        assertEquals("interrupted", llama.verdict().label());
        RunSummaryEntry qwen = all.get(1);
        assertEquals(RunVerdict.PASS, qwen.verdict());
        assertEquals("api", qwen.mode());
        assertEquals(sample.gpus().label(), qwen.gpuLabel());
        assertEquals(T1, qwen.startedAt());
        long devicePeak = sample.gpus().devices().stream().mapToLong(d -> d.peakUsedBytes()).sum();
        assertEquals(devicePeak, qwen.peakBytes());
        assertEquals(RunVerdict.CANCELLED, all.get(2).verdict());
        assertEquals("cancelled", all.get(2).verdict().label());
        assertEquals(RunStatus.CANCELLED, all.get(2).status());
    }

    @Test
    void peakIsThePeakOfTheSimultaneousSumOfTheStreamedTimelines() throws Exception {
        Files.writeString(dir.resolve("tiny.json"), """
                {"schema_version":"memlens-1","mode":"bench","model_info":{"name":"tiny"},"memory_breakdown":{},
                 "gpu_timeline":[{"index":0,"elapsed_ms":[0,50,100],"used_bytes":[5,90,40]},
                                 {"index":1,"elapsed_ms":[0,50,100],"used_bytes":[7,3,8]}],
                 "status":"completed"}
                """);
        RunSummaryEntry e = new RunLibrary(dir).list().get(0);
        assertNull(e.damage());
        assertEquals(93L, e.peakBytes(), "the peak of the simultaneous sum (90 + 3 at 50 ms), not 90 + 8 reached apart");
        assertEquals("tiny", e.model());
    }

    @Test
    void unreadableFilesAreListedAsDamagedWithTheReason() throws Exception {
        RunLibrary lib = new RunLibrary(dir);
        lib.save(run("Llama-2-7B", "bench", T1, RunStatus.COMPLETED, null));
        Files.writeString(dir.resolve("truncated.json"), "{\"model_info\": {\"name\": \"x\"");
        Files.writeString(dir.resolve("array.json"), "[1, 2]");
        Files.writeString(dir.resolve("badtype.json"), "{\"gpu_timeline\": 3, \"duration_ms\": \"long\"}");

        List<RunSummaryEntry> all = lib.list();
        assertEquals(4, all.size());
        List<RunSummaryEntry> damaged = all.stream().filter(RunSummaryEntry::isDamaged).toList();
        assertEquals(3, damaged.size());
        for (RunSummaryEntry d : damaged) {
            assertTrue(d.damage().contains(d.id()), d.damage());
            assertThrows(ReportFormatException.class, () -> lib.open(d));
        }
        assertTrue(damaged.stream().anyMatch(d -> d.damage().contains("not valid JSON")));
        assertEquals(damaged, RunLibrary.filter(all, "", StatusFilter.DAMAGED));
        assertFalse(RunLibrary.filter(all, "", StatusFilter.COMPLETED).stream().anyMatch(RunSummaryEntry::isDamaged));
    }

    @Test
    void searchMatchesEveryWordOverModelGpuAndModeAndFiltersByStatus() throws Exception {
        RunLibrary lib = new RunLibrary(dir);
        lib.save(run("Qwen2-7B", "api", T1, RunStatus.COMPLETED, null));
        lib.save(run("Llama-2-7B", "bench", T2, RunStatus.INTERRUPTED, null));
        lib.save(run("Llama-2-13B", "hf", T1, RunStatus.COMPLETED, null));

        assertEquals(List.of("Llama-2-7B", "Llama-2-13B"), models(lib.search("llama", StatusFilter.ALL)));
        assertEquals(List.of("Llama-2-13B"), models(lib.search("LLAMA hf", StatusFilter.ALL)));
        assertEquals(3, lib.search("h200", StatusFilter.ALL).size(), "the GPU label is searched");
        assertEquals(List.of("Llama-2-7B"), models(lib.search("", StatusFilter.INTERRUPTED)));
        assertEquals(List.of("Qwen2-7B"), models(lib.search("qwen", StatusFilter.COMPLETED)));
        assertTrue(lib.search("gemma", StatusFilter.ALL).isEmpty());
    }

    @Test
    void reopenReadsTheWholeReportTimelineIncluded() throws Exception {
        RunLibrary lib = new RunLibrary(dir);
        ProfileReport saved = run("Llama-2-7B", "bench", T1, RunStatus.COMPLETED, 19 * GIB);
        lib.save(saved);
        ProfileReport back = lib.open(lib.list().get(0));
        assertEquals(saved.timeline(), back.timeline());
        assertEquals(saved.phases(), back.phases());
        assertEquals(19 * GIB, back.calculator().totalBytes());
    }

    @Test
    void deleteMovesToTrashOrDeletesForGood() throws Exception {
        RunLibrary lib = new RunLibrary(dir);
        lib.save(run("A", "bench", T1, RunStatus.COMPLETED, null));
        lib.save(run("B", "bench", T2, RunStatus.COMPLETED, null));
        RunSummaryEntry b = lib.list().get(0);
        Path trashed = lib.moveToTrash(b);
        assertEquals(dir.resolve(".trash").resolve(b.id()), trashed);
        assertTrue(Files.exists(trashed));
        assertEquals(List.of("A"), models(lib.list()), "the trash is not listed");

        RunSummaryEntry a = lib.list().get(0);
        lib.deletePermanently(a);
        assertFalse(Files.exists(a.path()));
        assertTrue(lib.list().isEmpty());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> lib.moveToTrash(a));
    }

    @Test
    void aChangedFileIsReadAgainAndAMissingFolderIsAnEmptyHistory() throws Exception {
        RunLibrary lib = new RunLibrary(dir.resolve("not-yet"));
        assertTrue(lib.list().isEmpty());
        Path file = lib.save(run("A", "bench", T1, RunStatus.COMPLETED, null));
        RunSummaryEntry before = lib.list().get(0);
        assertNull(before.damage());
        lib.update(before, lib.open(before).withStatus(RunStatus.FAILED, "out of memory"));
        RunSummaryEntry after = lib.list().get(0);
        assertEquals(RunStatus.FAILED, after.status());
        assertNotEquals(before, after);
        assertEquals(file, after.path());
    }

    private static List<String> models(List<RunSummaryEntry> entries) {
        return entries.stream().map(RunSummaryEntry::model).toList();
    }
}
