package dev.memlens.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.report.GpuDevice;
import dev.memlens.core.report.GpuInfo;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.PhaseMark;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunPeak;
import dev.memlens.core.report.ReportFormatException;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.report.library.ReportFiles;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.process.BoundedLineReader;
import dev.memlens.core.process.LineTooLongException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds journals left by a MemLens that stopped during a run and saves each as a report with status
 * "interrupted", holding everything the journal recorded up to a damaged or cut-off line. A journal a live run holds
 * (its lock is taken) is left alone; one whose report cannot be written (a full disk) is kept for the next start; one
 * without a readable header is renamed {@code .damaged}. The engine processes the journal recorded go to
 * {@link Survivors}.
 */
public final class JournalRecovery {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The header holds the report skeleton; far below a heap problem. */
    private static final int MAX_LINE_CHARS = 8 << 20;

    /** What a recovery pass did. */
    public record Result(List<Path> reports, List<Survivor> survivors, List<String> problems) {
        public Result {
            reports = List.copyOf(reports);
            survivors = List.copyOf(survivors);
            problems = List.copyOf(problems);
        }
    }

    private JournalRecovery() {
    }

    /** Recovers every leftover journal under the run library; returns the reports written. */
    public static List<Path> recoverAll(Path runsDir) {
        return recover(runsDir).reports();
    }

    /** Recovers every leftover journal, and lists the engine processes of interrupted runs that still run. */
    public static Result recover(Path runsDir) {
        Path dir = runsDir.resolve(RunJournal.DIR);
        List<Path> recovered = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Result(recovered, List.of(), problems);
        }
        try (DirectoryStream<Path> journals = Files.newDirectoryStream(dir, "*" + RunJournal.SUFFIX)) {
            for (Path journal : journals) {
                if (RunJournal.isLive(journal)) {
                    continue; // a run in progress, in this MemLens or another one
                }
                recoverOne(runsDir, journal, recovered, problems);
            }
        } catch (IOException e) {
            problems.add("Could not list the journals in " + dir + ": " + e.getMessage());
        }
        return new Result(recovered, Survivors.find(runsDir), problems);
    }

    private static void recoverOne(Path runsDir, Path journal, List<Path> recovered, List<String> problems) {
        Recovered content;
        try {
            content = read(journal);
        } catch (IOException | ReportFormatException | RuntimeException e) {
            problems.add("The journal " + journal + " holds no readable run (" + e.getMessage() + "); it was renamed "
                    + journal.getFileName() + ".damaged");
            try {
                Files.move(journal, journal.resolveSibling(journal.getFileName() + ".damaged"));
            } catch (IOException moveFailed) {
                problems.add("Could not rename " + journal + ": " + moveFailed.getMessage());
            }
            return;
        }
        String name = journal.getFileName().toString();
        Path target = runsDir.resolve(name.substring(0, name.length() - RunJournal.SUFFIX.length()) + ".json");
        try {
            ReportFiles.save(content.report, target);
            Survivors.remember(runsDir, content.runId, content.processes);
            Files.delete(journal);
            recovered.add(target);
        } catch (IOException e) {
            // the journal is intact: a full disk must not lose it, so it is tried again at the next start
            problems.add("The interrupted run in " + journal + " could not be saved (" + e.getMessage()
                    + "); its journal is kept and recovery is tried again at the next start");
        }
    }

    /** A journal's report, run id and recorded processes. */
    private record Recovered(ProfileReport report, String runId, List<JsonNode> processes) {
    }

    private static Recovered read(Path journal) throws IOException, ReportFormatException {
        ProfileReport skeleton = null;
        String runId = null;
        Map<String, JsonNode> gpus = new LinkedHashMap<>();
        Map<String, SampleBuffer> samples = new LinkedHashMap<>();
        List<PhaseMark> phases = new ArrayList<>();
        List<JsonNode> processes = new ArrayList<>();
        long last = 0;
        long damagedLine = 0;
        try (BoundedLineReader in = new BoundedLineReader(Files.newBufferedReader(journal, StandardCharsets.UTF_8),
                MAX_LINE_CHARS)) {
            while (true) {
                String line;
                try {
                    line = in.readLine();
                } catch (LineTooLongException e) {
                    damagedLine = e.lineNumber();
                    break;
                } catch (java.nio.charset.CharacterCodingException e) {
                    damagedLine = in.lineNumber() + 1;
                    break;
                }
                if (line == null) {
                    break;
                }
                try {
                    JsonNode n = MAPPER.readTree(line);
                    if (n.has("header")) {
                        skeleton = ReportReader.parse(n.get("header").get("report").toString(), journal.toString());
                        runId = n.get("header").path("run_id").asText(null);
                    } else if (n.has("gpu")) {
                        gpus.put(n.get("gpu").get("key").asText(), n.get("gpu"));
                    } else if (n.has("s")) {
                        JsonNode s = n.get("s");
                        long t = requireNumber(s.get(1));
                        long used = requireNumber(s.get(2));
                        samples.computeIfAbsent(s.get(0).asText(), k -> new SampleBuffer()).add(t, used);
                        last = Math.max(last, t);
                    } else if (n.has("phase")) {
                        phases.add(new PhaseMark(n.get("phase").asText(), requireNumber(n.get("t"))));
                        last = Math.max(last, n.get("t").asLong());
                    } else if (n.has("process")) {
                        processes.add(n.get("process"));
                    }
                } catch (IOException | ReportFormatException | RuntimeException e) {
                    damagedLine = in.lineNumber(); // everything before it is kept; what follows a damage is not trusted
                    break;
                }
            }
        }
        if (skeleton == null) {
            throw new IOException(journal + ": no header line");
        }
        List<GpuTimeline> timelines = new ArrayList<>();
        List<GpuDevice> devices = new ArrayList<>();
        for (Map.Entry<String, SampleBuffer> e : samples.entrySet()) {
            JsonNode g = gpus.get(e.getKey());
            int index = g == null ? timelines.size() : g.path("index").asInt();
            String uuid = g == null || !g.has("uuid") ? null : g.get("uuid").asText();
            String name = g == null || !g.has("name") ? null : g.get("name").asText();
            GpuTimeline t = new GpuTimeline(index, uuid, name, e.getValue().times(), e.getValue().values());
            timelines.add(t);
            int peak = t.peakIndex();
            devices.add(new GpuDevice(index, uuid, name, g == null || !g.has("total_bytes") ? null
                    : g.get("total_bytes").asLong(), t.usedBytes(0), t.usedBytes(peak), t.elapsedMillis(peak)));
        }
        GpuInfo gpuInfo = devices.isEmpty() ? skeleton.gpus() : new GpuInfo(skeleton.gpus().gpuType(), devices.size(), devices);
        MemoryAccount account = skeleton.account().isEmpty()
                ? MemoryAccount.samplerOnly(RunPeak.of(timelines, devices), "peak − baseline of the recovered timeline")
                : skeleton.account();
        String message = "MemLens stopped during the run; recovered from its journal with what was measured until then"
                + (damagedLine > 0 ? " (the journal is damaged from line " + damagedLine + " on)" : "");
        return new Recovered(skeleton.toBuilder().status(RunStatus.INTERRUPTED, message)
                .durationMillis(last).latency(null).account(account).gpus(gpuInfo).timeline(timelines).phases(phases)
                .build(), runId == null ? "unknown" : runId, processes);
    }

    private static long requireNumber(JsonNode node) {
        if (node == null || !node.canConvertToLong()) {
            throw new IllegalArgumentException("not a number: " + node);
        }
        return node.asLong();
    }
}
