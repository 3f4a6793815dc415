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
import java.io.BufferedReader;
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
 * "interrupted", holding everything the journal recorded.
 */
public final class JournalRecovery {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JournalRecovery() {
    }

    /** Recovers every leftover journal under the run library; returns the reports written. */
    public static List<Path> recoverAll(Path runsDir) {
        Path dir = runsDir.resolve(RunJournal.DIR);
        List<Path> recovered = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return recovered;
        }
        try (DirectoryStream<Path> journals = Files.newDirectoryStream(dir, "*" + RunJournal.SUFFIX)) {
            for (Path journal : journals) {
                try {
                    ProfileReport report = recover(journal);
                    String name = journal.getFileName().toString();
                    Path target = runsDir.resolve(name.substring(0, name.length() - RunJournal.SUFFIX.length()) + ".json");
                    ReportFiles.save(report, target);
                    Files.delete(journal);
                    recovered.add(target);
                } catch (IOException | ReportFormatException | RuntimeException e) {
                    // keep the journal (renamed) for a human to look at, and go on with the others
                    Files.move(journal, journal.resolveSibling(journal.getFileName() + ".damaged"));
                }
            }
        } catch (IOException e) {
            return recovered;
        }
        return recovered;
    }

    static ProfileReport recover(Path journal) throws IOException, ReportFormatException {
        ProfileReport skeleton = null;
        Map<String, JsonNode> gpus = new LinkedHashMap<>();
        Map<String, SampleBuffer> samples = new LinkedHashMap<>();
        List<PhaseMark> phases = new ArrayList<>();
        long last = 0;
        try (BufferedReader in = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode n;
                try {
                    n = MAPPER.readTree(line);
                } catch (IOException e) {
                    break; // the last line may be cut off by the crash
                }
                if (n.has("header")) {
                    skeleton = ReportReader.parse(n.get("header").get("report").toString(), journal.toString());
                } else if (n.has("gpu")) {
                    gpus.put(n.get("gpu").get("key").asText(), n.get("gpu"));
                } else if (n.has("s")) {
                    JsonNode s = n.get("s");
                    long t = s.get(1).asLong();
                    samples.computeIfAbsent(s.get(0).asText(), k -> new SampleBuffer()).add(t, s.get(2).asLong());
                    last = Math.max(last, t);
                } else if (n.has("phase")) {
                    phases.add(new PhaseMark(n.get("phase").asText(), n.get("t").asLong()));
                    last = Math.max(last, n.get("t").asLong());
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
        return skeleton.toBuilder().status(RunStatus.INTERRUPTED,
                "MemLens stopped during the run; recovered from its journal with what was measured until then")
                .durationMillis(last).latency(null).account(account).gpus(gpuInfo).timeline(timelines).phases(phases)
                .build();
    }
}
