package dev.memlens.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.json.ReportWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * An append-only journal of a running session (JSON lines: the report skeleton, GPU identities, samples, phases,
 * notes), flushed at least every half second, so that a crash of MemLens itself loses at most that much. Deleted
 * once the final report is saved; {@link JournalRecovery} turns a leftover journal into an "interrupted" report.
 */
final class RunJournal implements AutoCloseable {
    static final String DIR = "journal";
    static final String SUFFIX = ".jsonl";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long FLUSH_EVERY_MS = 500;

    private final Path file;
    private final BufferedWriter out;
    private final Set<String> knownGpus = new HashSet<>();
    private long lastFlush;
    private boolean broken;

    private RunJournal(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    static RunJournal open(Path runsDir, String runId, ProfileReport skeleton) throws IOException {
        Path dir = runsDir.resolve(DIR);
        Files.createDirectories(dir);
        Path file = dir.resolve(runId + SUFFIX);
        RunJournal journal = new RunJournal(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        ObjectNode header = MAPPER.createObjectNode();
        header.put("run_id", runId);
        header.set("report", ReportWriter.toJson(skeleton));
        journal.write(MAPPER.createObjectNode().set("header", header), true);
        return journal;
    }

    Path file() {
        return file;
    }

    synchronized void sample(long elapsedMillis, GpuSample s) {
        if (knownGpus.add(s.gpuKey())) {
            ObjectNode gpu = MAPPER.createObjectNode();
            gpu.put("key", s.gpuKey()).put("index", s.index());
            if (s.uuid() != null) {
                gpu.put("uuid", s.uuid());
            }
            if (s.name() != null) {
                gpu.put("name", s.name());
            }
            if (s.totalBytes() != null) {
                gpu.put("total_bytes", s.totalBytes());
            }
            write(MAPPER.createObjectNode().set("gpu", gpu), false);
        }
        ObjectNode line = MAPPER.createObjectNode();
        line.putArray("s").add(s.gpuKey()).add(elapsedMillis).add(s.usedBytes());
        write(line, false);
    }

    synchronized void phase(RunPhase phase, long elapsedMillis) {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("phase", phase.tag()).put("t", elapsedMillis);
        write(p, true);
    }

    synchronized void note(String message) {
        write(MAPPER.createObjectNode().put("note", message), true);
    }

    private void write(ObjectNode node, boolean flushNow) {
        if (broken) {
            return;
        }
        try {
            out.write(MAPPER.writeValueAsString(node));
            out.write('\n');
            long now = System.currentTimeMillis();
            if (flushNow || now - lastFlush >= FLUSH_EVERY_MS) {
                out.flush();
                lastFlush = now;
            }
        } catch (IOException e) {
            // a full disk must not end the run; the final report is still written from memory
            broken = true;
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            broken = true;
        }
    }

    /** After the final report was saved. */
    void delete() {
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // recovery would then offer it again as interrupted; harmless
        }
    }
}
