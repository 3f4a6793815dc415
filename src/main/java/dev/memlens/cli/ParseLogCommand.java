package dev.memlens.cli;

import dev.memlens.core.io.InputFiles;
import dev.memlens.core.units.Bytes;
import dev.memlens.core.units.MemoryUnit;
import dev.memlens.core.vllm.log.EngineConfig;
import dev.memlens.core.vllm.log.RankMemory;
import dev.memlens.core.vllm.log.StartupFailure;
import dev.memlens.core.vllm.log.StartupReportJson;
import dev.memlens.core.vllm.log.VllmLogParser;
import dev.memlens.core.vllm.log.VllmStartupReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code memlens parse-log FILE [--json]}: what vLLM's start-up log says about memory. */
@Command(name = "parse-log",
        mixinStandardHelpOptions = true,
        description = {
                "Reads a vLLM start-up log (any version: V0 and V1 engine, INFO or DEBUG level, one or more"
                        + " tensor-parallel ranks) and prints vLLM's own memory accounting: weights, activation peak,"
                        + " non-torch memory, KV cache pool and size in tokens, CUDA graphs, per rank, and any"
                        + " memory failures with advice.",
                "GiB figures convert to bytes with 2^30."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the log was parsed and records no failure",
                "1:the log was parsed and records a failure (listed with advice)",
                "2:the file is missing or unreadable, or bad usage", ExitCodes.LINE_SIGINT, ExitCodes.LINE_SIGTERM})
public final class ParseLogCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the vLLM log (stdout and stderr of vllm serve or vllm bench)")
    Path file;

    @Option(names = "--json", description = "print JSON instead of a table (absent values are null)")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var problem = InputFiles.problem(file, "log");
        if (problem.isPresent()) {
            err.println("memlens parse-log: " + problem.get() + ". Give the path of a file holding vLLM's output"
                    + " (e.g. vllm serve ... 2>&1 | tee vllm.log).");
            return ExitCodes.USAGE;
        }
        VllmStartupReport report;
        try {
            report = VllmLogParser.parse(file);
        } catch (VllmLogParser.LogValueException e) {
            err.println("memlens parse-log: " + file + " " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("Cannot read the log " + file + ": " + e.getMessage() + ". Check that it exists and you may read it.");
            return 2;
        }
        if (json) {
            out.println(StartupReportJson.write(report));
        } else {
            printTable(report, out);
        }
        if (report.hasFailures()) {
            err.println("The log records " + report.failures().size() + " failure(s); see \"failures\" and the advice.");
            return 1;
        }
        return 0;
    }

    private void printTable(VllmStartupReport r, PrintWriter out) {
        out.printf("vLLM %s start-up log (format %s): %s%n", r.vllmVersion() == null ? "(version unknown)" : r.vllmVersion(),
                r.format().tag(), file);
        EngineConfig c = r.engineConfig();
        if (c != null) {
            out.printf("Engine: model %s, dtype %s, max_seq_len %s, tensor parallel %s, quantization %s, KV cache dtype %s%n",
                    c.model(), c.dtype(), c.maxSeqLen(), c.tensorParallelSize(), c.quantization(), c.kvCacheDtype());
        }
        if (r.ranks().isEmpty()) {
            out.println("No memory figures found: is this vLLM's start-up output?");
        } else {
            String row = "%-22s" + " %14s".repeat(r.ranks().size()) + "%n";
            Object[] header = new Object[r.ranks().size() + 1];
            header[0] = "";
            for (int i = 0; i < r.ranks().size(); i++) {
                header[i + 1] = "rank " + r.ranks().get(i).rank();
            }
            out.printf(row, header);
            line(out, row, r, "Weights", m -> gib(m.weightsBytes()));
            line(out, row, r, "Activation peak", m -> gib(m.activationPeakBytes()));
            line(out, row, r, "Non-torch memory", m -> gib(m.nonTorchBytes()));
            line(out, row, r, "KV cache", m -> gib(m.kvCacheBytes()));
            line(out, row, r, "CUDA graphs", m -> gib(m.cudaGraphBytes()));
            line(out, row, r, "KV cache tokens", m -> count(m.kvCacheTokens()));
            line(out, row, r, "GPU blocks", m -> count(m.numGpuBlocks()));
            line(out, row, r, "Max concurrency", m -> m.maxConcurrency() == null ? "-"
                    : String.format(Locale.ROOT, "%.2fx", m.maxConcurrency()));
            line(out, row, r, "Max model len", m -> count(m.maxModelLen()));
            line(out, row, r, "GPU total", m -> gib(m.totalGpuMemoryBytes()));
            line(out, row, r, "GPU memory util.", m -> m.gpuMemoryUtilization() == null ? "-"
                    : String.format(Locale.ROOT, "%.2f", m.gpuMemoryUtilization()));
            out.println("(- : not in the log)");
        }
        if (r.failures().isEmpty()) {
            out.println("Failures: none");
        } else {
            out.println("Failures:");
            for (StartupFailure f : r.failures()) {
                out.printf("  [%s] rank %d, line %d: %s%n    Advice: %s%n", f.kind().tag(), f.rank(), f.lineNumber(),
                        f.message(), f.advice());
            }
        }
    }

    private static void line(PrintWriter out, String row, VllmStartupReport r, String label,
                             java.util.function.Function<RankMemory, String> cell) {
        Object[] values = new Object[r.ranks().size() + 1];
        values[0] = label;
        for (int i = 0; i < r.ranks().size(); i++) {
            values[i + 1] = cell.apply(r.ranks().get(i));
        }
        out.printf(row, values);
    }

    private static String gib(Long bytes) {
        return bytes == null ? "-" : Bytes.format(bytes, MemoryUnit.GIB);
    }

    private static String count(Long n) {
        return n == null ? "-" : String.format(Locale.ROOT, "%,d", n);
    }
}
