package dev.memlens.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.secrets.Redactor;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.json.ReportWriter;
import dev.memlens.core.process.ProcessIdentity;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An append-only journal of a running session (JSON lines: the report skeleton, GPU identities, samples, phases,
 * notes, the engine processes started), flushed at least every half second, so that a crash of MemLens itself loses at
 * most that much. Each journal has a name of its own (two runs started in the same second do not share one) and is
 * locked for the run's life, so that recovery never takes a live run's journal for a dead one. Deleted once the final
 * report is saved; {@link JournalRecovery} turns a leftover journal into an "interrupted" report.
 */
final class RunJournal implements AutoCloseable {
    static final String DIR = "journal";
    static final String SUFFIX = ".jsonl";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long FLUSH_EVERY_MS = 500;
    /**
     * Journals this JVM holds open. Checked before recovery opens a journal: closing any channel on a file releases
     * this JVM's lock on it (POSIX locks are per process), so recovery must not even open a journal of its own JVM.
     */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final BufferedWriter out;
    private final Set<String> knownGpus = new HashSet<>();
    private long lastFlush;
    private boolean broken;

    private RunJournal(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.out = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
    }

    static RunJournal open(Path runsDir, String runId, ProfileReport skeleton) throws IOException {
        Path dir = runsDir.resolve(DIR);
        Files.createDirectories(dir);
        RunJournal journal = create(dir, runId);
        ObjectNode header = MAPPER.createObjectNode();
        header.put("run_id", runId);
        header.set("report", ReportWriter.toJson(skeleton));
        journal.write(MAPPER.createObjectNode().set("header", header), true);
        return journal;
    }

    /** A new file (never an existing one), locked before anything is written. */
    private static RunJournal create(Path dir, String runId) throws IOException {
        while (true) {
            Path file = dir.resolve(runId + "-" + UUID.randomUUID().toString().substring(0, 8) + SUFFIX);
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            LIVE.add(file.toAbsolutePath().normalize());
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    throw new IOException("the new journal " + file + " is locked by another process");
                }
                return new RunJournal(file, channel, lock);
            } catch (IOException | RuntimeException e) {
                LIVE.remove(file.toAbsolutePath().normalize());
                channel.close();
                throw e;
            }
        }
    }

    /** True when a run of this JVM or of another process holds the journal (it must not be recovered). */
    static boolean isLive(Path journal) {
        if (LIVE.contains(journal.toAbsolutePath().normalize())) {
            return true;
        }
        try (FileChannel probe = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            FileLock lock = probe.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false; // unreadable or gone: recovery says so itself
        }
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

    /** An engine process the run started, so that a later start can find it if it outlives this MemLens. */
    synchronized void process(ProcessIdentity identity, String tag, String host, String command) {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("pid", identity.pid()).put("started_at", identity.startedAt().toString()).put("tag", tag)
                .put("host", host).put("command", command);
        write(MAPPER.createObjectNode().set("process", p), true);
    }

    synchronized void note(String message) {
        write(MAPPER.createObjectNode().put("note", message), true);
    }

    private void write(ObjectNode node, boolean flushNow) {
        if (broken) {
            return;
        }
        try {
            out.write(Redactor.redact(MAPPER.writeValueAsString(node))); // the journal becomes a report
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
            out.close(); // closes the channel, which releases the lock
        } catch (IOException e) {
            broken = true;
        } finally {
            LIVE.remove(file.toAbsolutePath().normalize());
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
