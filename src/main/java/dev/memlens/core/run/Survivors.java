package dev.memlens.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.process.Host;
import dev.memlens.core.process.ProcessIdentity;
import dev.memlens.core.process.TreeEnd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The engine processes of interrupted runs, kept in the run library ({@code journal/survivors.ndjson}) from the moment
 * their journal is recovered until they are gone, so that every start can tell the user and offer to end them. Only
 * processes of this machine are tracked (a container's or remote host's survivors need that host).
 */
public final class Survivors {
    /** Not *.jsonl: recovery takes every such file in the folder for a journal. */
    static final String FILE = "survivors.ndjson";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration END_GRACE = Duration.ofSeconds(10);

    private Survivors() {
    }

    /** Remembers the processes a recovered journal recorded (those of this machine). */
    static void remember(Path runsDir, String runId, List<JsonNode> processes) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (JsonNode p : processes) {
            if (!p.path("host").asText().equals(Host.local().description())) {
                continue;
            }
            ObjectNode line = p.deepCopy();
            line.put("run_id", runId);
            lines.append(MAPPER.writeValueAsString(line)).append('\n');
        }
        if (lines.length() > 0) {
            Path file = runsDir.resolve(RunJournal.DIR).resolve(FILE);
            Files.createDirectories(file.getParent());
            Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** The recorded processes that still run; those gone are forgotten. */
    public static synchronized List<Survivor> find(Path runsDir) {
        Path file = runsDir.resolve(RunJournal.DIR).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<Survivor> alive = new ArrayList<>();
        List<String> keep = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Survivor survivor = parse(line);
                if (survivor != null && !survivor.livePids().isEmpty()) {
                    alive.add(survivor);
                    keep.add(line);
                }
            }
            rewrite(file, keep);
        } catch (IOException e) {
            return alive; // an unreadable list is retried next start
        }
        return alive;
    }

    /** Ends each survivor's whole tree (SIGTERM, then SIGKILL after 10 s); returns one line per survivor. */
    public static List<String> end(Path runsDir, List<Survivor> survivors) {
        List<String> report = new ArrayList<>();
        for (Survivor survivor : survivors) {
            ProcessHandle root = survivor.root().findLive().orElse(null);
            TreeEnd end = Host.local().terminateTree(root, survivor.tag(), END_GRACE);
            report.add("ended " + survivor.command() + " of run " + survivor.runId() + ": " + end.processes()
                    + " process(es)" + (end.killed() > 0 ? ", " + end.killed() + " after SIGKILL" : "")
                    + (end.survivors() > 0 ? ", " + end.survivors() + " still listed" : ""));
        }
        find(runsDir); // forgets the ended ones
        return report;
    }

    private static Survivor parse(String line) {
        try {
            JsonNode p = MAPPER.readTree(line);
            ProcessIdentity root = new ProcessIdentity(p.get("pid").asLong(), Instant.parse(p.get("started_at").asText()));
            String tag = p.get("tag").asText();
            Set<Long> live = new LinkedHashSet<>();
            root.findLive().ifPresent(handle -> live.add(handle.pid()));
            live.addAll(Host.local().taggedProcesses(tag));
            return new Survivor(p.path("run_id").asText(), p.path("command").asText(), root, tag, List.copyOf(live));
        } catch (IOException | RuntimeException e) {
            return null; // a damaged line names no process
        }
    }

    private static void rewrite(Path file, List<String> lines) throws IOException {
        if (lines.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        Path temporary = file.resolveSibling(FILE + ".part");
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
