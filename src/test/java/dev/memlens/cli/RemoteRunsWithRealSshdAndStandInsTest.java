package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.run.SessionOutcome;
import dev.memlens.core.run.bench.BenchConfig;
import dev.memlens.core.run.bench.BenchWorkload;
import dev.memlens.core.settings.AppDirectories;
import dev.memlens.core.ssh.SshHost;
import dev.memlens.core.ssh.SshTarget;
import dev.memlens.core.units.Bytes;
import dev.memlens.testsupport.RealSshd;
import dev.memlens.testsupport.RemoteSessions;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testsupport.StandInVllmServer;
import dev.memlens.testutil.Resources;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --host} end to end against a real sshd on 127.0.0.1 whose sessions find stand-in nvidia-smi, vllm and
 * python first on PATH (SetEnv): this machine's PATH has none of them, so everything must run on the host.
 */
class RemoteRunsWithRealSshdAndStandInsTest {
    @TempDir
    static Path dir;
    static RealSshd sshd;
    static Path hostState;
    /** This machine: no GPU tool, no vllm, no python on its PATH. */
    static final Map<String, String> LOCAL = RemoteSessions.LOCAL;

    @BeforeAll
    static void start() throws Exception {
        StandInExecutables bin = new StandInExecutables(dir.resolve("host"));
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        bin.install("/run/bench/stand-in-vllm.sh", "vllm");
        // not "python3": the host user's shell rc may put a real Python first on PATH
        bin.install("/modes/stand-in-python.sh", "stand-in-python3");
        bin.write("vllm-stubborn", "STANDIN_VLLM_MODE=stubborn exec vllm \"$@\"\n");
        hostState = Files.createDirectories(dir.resolve("host-state"));
        sshd = RealSshd.start(dir.resolve("sshd"), dir.resolve("host/stand-in-bin"), Map.of(
                "STANDIN_STATE", hostState.toString(),
                "STANDIN_VLLM_DIR", Resources.path("run/bench").toString(),
                "STANDIN_VLLM_PIDS", hostState.resolve("vllm-pids").toString(),
                "MEMLENS_REPLAY_JSONL", Resources.path("hf/real-h100-llama32-1b-bf16-b4-512-128.jsonl").toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run execute(Callable<Integer> command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    static List<String> remote(Path config, Path runs, Path output, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--host", RealSshd.ALIAS, "--ssh-config", config.toString(), "--interval-ms", "20",
                "--runs-dir", runs.toString(), "--output", output.toString()));
        return all;
    }

    static <T extends Callable<Integer>> T local(T command, RunOptions run, Path home) {
        run.environment = LOCAL;
        run.directories = AppDirectories.from(Map.of(), home);
        return command;
    }

    @Test
    void sampleReadsTheHostsGpusWithTheSameParser(@TempDir Path tmp) throws Exception {
        Run r = execute(new SampleCommand(LOCAL), "--host", RealSshd.ALIAS, "--ssh-config", sshd.config().toString(),
                "--interval-ms", "50", "--duration", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("sampling 2 GPU(s) with nvidia-smi (" + dir.resolve("host/stand-in-bin")
                + "/nvidia-smi on host gpu-box)"), r.err());
        // how many stream lines fit in the second depends on the machine's load (none, on a busy one): the run
        // guarantees that the count it reports is what it wrote, and that each line there is is exact
        List<String> rows = r.out().lines().filter(l -> l.startsWith("sample,")).toList();
        assertTrue(r.err().contains("wrote " + rows.size() + " sample(s)"), rows.size() + " rows: " + r.err());
        assertTrue(rows.stream().filter(l -> l.contains(",1,GPU-00000001-"))
                .allMatch(l -> l.contains(",GPU-00000001-aaaa-bbbb-cccc-dddddddddddd,\"NVIDIA H100 80GB HBM3, Special "
                        + "Edition\",")), r.out());
        try (SshHost host = SshHost.connect(SshTarget.parse(RealSshd.ALIAS), sshd.config(), LOCAL)) {
            List<dev.memlens.core.gpu.GpuSample> baseline = dev.memlens.core.gpu.GpuSamplers.detect(
                    dev.memlens.core.gpu.GpuSamplerOptions.defaults(LOCAL).withHost(host)).baseline();
            assertEquals("NVIDIA H100 80GB HBM3, Special Edition", baseline.get(1).name(), "the quirky name, as locally");
        }
    }

    @Test
    void benchRunsVllmOnTheHostAndTheReportSaysWhere(@TempDir Path tmp) throws Exception {
        BenchCommand command = new BenchCommand();
        Path output = tmp.resolve("report.json");
        Run r = execute(local(command, command.run, tmp.resolve("home")), remote(sshd.config(), tmp.resolve("runs"),
                output, "--model", "meta-llama/Llama-3.1-8B-Instruct", "--input-len", "512", "--output-len", "128",
                "--batch-size", "8").toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + r.err());
        ProfileReport report = ReportReader.read(output);
        assertEquals(RunStatus.COMPLETED, report.status());
        assertEquals("gpu-box", report.parameters().other().get("host"));
        assertEquals("0.19.0", report.engine().engineVersion());
        assertEquals(FigureSource.VLLM_LOG, report.account().item(AccountComponent.WEIGHTS).orElseThrow().source());
        assertEquals(14.99, Bytes.toGib(report.account().bytes(AccountComponent.WEIGHTS)), 0.005);
        assertEquals(1.8342712315994625, report.latency().avgSeconds(), "read from vLLM's stdout on the host");
        assertEquals(2, report.timeline().size(), "the host's two GPUs were sampled");
        assertTrue(r.err().contains("connected to gpu-box over ssh"), r.err());
    }

    @Test
    void hfCopiesTheProfilerToTheHostAndRunsItThere(@TempDir Path tmp) throws Exception {
        HfCommand command = new HfCommand();
        Path output = tmp.resolve("report.json");
        Run r = execute(local(command, command.run, tmp.resolve("home")), remote(sshd.config(), tmp.resolve("runs"),
                output, "--model", "cfg", "--random-weights", "--dtype", "bfloat16", "--batch-size", "4",
                "--input-len", "512", "--max-tokens", "128", "--python", "stand-in-python3").toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + r.err());
        ProfileReport report = ReportReader.read(output);
        assertEquals(RunStatus.COMPLETED, report.status());
        assertEquals(2472678912L, report.account().bytes(AccountComponent.WEIGHTS));
        assertEquals("gpu-box", report.parameters().other().get("host"));
        assertTrue(r.err().contains("ARG[/tmp/memlens-") || report.engine().toString().contains("stand-in-python3"),
                r.err());
    }

    @Test
    void cancelEndsTheRemoteTreeAndStillSavesTheReport(@TempDir Path tmp) throws Exception {
        Files.deleteIfExists(hostState.resolve("vllm-pids"));
        // a vLLM whose engine and engine-core child ignore SIGTERM: only the group's SIGKILL ends them
        BenchConfig config = new BenchConfig(List.of("vllm-stubborn"), "m", 8, 8, 1, "auto", 1, null, null, false,
                false, 10, 30, null, null, false, List.of());
        try (SshHost host = SshHost.connect(SshTarget.parse(RealSshd.ALIAS), sshd.config(), LOCAL)) {
            RemoteSessions session = RemoteSessions.start(host, new BenchWorkload(config), tmp.resolve("runs"));
            // the stand-in writes its pids on the host once vLLM "started"; then cancel, as the Cancel button does
            Path pidFile = hostState.resolve("vllm-pids");
            RemoteSessions.await("the stand-in vllm's start on the host", () -> {
                try {
                    return Files.exists(pidFile) && Files.readAllLines(pidFile).size() >= 2;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            SessionOutcome result = session.cancel();
            assertEquals(RunStatus.CANCELLED, result.report().status());
            assertTrue(result.savedTo() != null && Files.exists(result.savedTo()), "the report is saved");
            assertTrue(result.report().statusMessage().endsWith("; checked over a new ssh connection: nothing of the"
                    + " run is left running on host gpu-box"), result.report().statusMessage());
            assertTrue(result.report().failures().stream().noneMatch(f -> f.label().equals("left-running")),
                    result.report().failures().toString());
            for (String pid : Files.readAllLines(pidFile)) {
                assertTrue(!dev.memlens.testsupport.HostProcesses.running(Long.parseLong(pid.strip())),
                        "process " + pid + " stayed on the host");
            }
        }
        assertEquals(List.of(), sshd.ssh("ps -e -o stat=,args= | grep -v '^Z' | grep -F '" + dir.resolve("host")
                + "' | grep -v grep || true"), "nothing of the run is left on the host");
    }

    @Test
    void apiReachesAServerOnTheHostsLoopbackThroughAForward(@TempDir Path tmp) throws Exception {
        try (StandInVllmServer server = new StandInVllmServer().start()) {
            ApiCommand command = new ApiCommand();
            Path output = tmp.resolve("report.json");
            Run r = execute(local(command, command.run, tmp.resolve("home")), remote(sshd.config(),
                    tmp.resolve("runs"), output, "--api-url", server.baseUrl(), "--batch-size", "2",
                    "--max-tokens", "4").toArray(String[]::new));
            assertEquals(0, r.exit(), r.out() + r.err());
            java.util.regex.Matcher forwarded = java.util.regex.Pattern.compile(
                    "127\\.0\\.0\\.1:(\\d+) on gpu-box is forwarded to http://127\\.0\\.0\\.1:(\\d+)").matcher(r.err());
            assertTrue(forwarded.find(), r.err());
            assertTrue(!forwarded.group(1).equals(forwarded.group(2)), "a local port of its own: " + r.err());
            assertEquals(2, server.completionRequests().size(), "the requests went through the forward");
            assertEquals("gpu-box", ReportReader.read(output).parameters().other().get("host"));
        }
    }

    @Test
    void aRefusedKeyAndAnUnknownHostKeyAreClearErrors(@TempDir Path tmp) {
        Run refused = execute(new SampleCommand(LOCAL), "--host", RealSshd.ALIAS, "--ssh-config",
                sshd.configRefusedKey().toString(), "--duration", "1");
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("gpu-box refused the authentication"), refused.err());
        assertTrue(refused.err().contains("ssh-add"), refused.err());

        Run unknown = execute(new SampleCommand(LOCAL), "--host", RealSshd.ALIAS, "--ssh-config",
                sshd.configUnknownHostKey().toString(), "--duration", "1");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("the host key of gpu-box is not known"), unknown.err());
        assertTrue(unknown.err().contains("run 'ssh -F " + sshd.configUnknownHostKey() + " gpu-box' once"),
                unknown.err());

        Run bad = execute(new SampleCommand(LOCAL), "--host", "-oProxyCommand=evil", "--duration", "1");
        assertEquals(2, bad.exit());
    }
}
