package dev.memlens.core.gpu.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memlens.core.units.Bytes;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Properties of the nvidia-smi CSV trace reader over generated recordings and arbitrary text. */
class TraceReaderPropertyTest {
    private final TraceReader reader = new TraceReader();

    private static final List<String> UNITS = List.of("B", "KiB", "MiB", "GiB", "kB", "MB", "GB");
    private static final List<Long> UNIT_BYTES = List.of(1L, Bytes.KIB, Bytes.MIB, Bytes.GIB, 1000L, 1_000_000L,
            1_000_000_000L);

    /** Any recording of N GPUs over M rounds, memory in any unit: per GPU the peak, baseline and sample count. */
    @Property(tries = 400)
    void generatedRecordingsSummariseExactly(@ForAll @IntRange(min = 1, max = 8) int gpus,
                                             @ForAll @Size(min = 1, max = 30) List<@LongRange(min = 0, max = 200_000) Long> values,
                                             @ForAll @IntRange(min = 0, max = 6) int unit,
                                             @ForAll boolean withIndexColumn) throws TraceException {
        StringBuilder csv = new StringBuilder("timestamp, " + (withIndexColumn ? "index, " : "")
                + "uuid, name, memory.total [MiB], memory.used [MiB]\n");
        int rounds = values.size();
        for (int round = 0; round < rounds; round++) {
            for (int g = 0; g < gpus; g++) {
                csv.append(String.format(Locale.ROOT, "2026/11/27 10:%02d:%02d.%03d, ", round / 600, round / 10 % 60,
                        round % 10 * 100)).append(withIndexColumn ? g + ", " : "")
                        .append("GPU-0000000").append(g).append(", NVIDIA H200, 143771 MiB, ")
                        .append(value(values, round, g)).append(' ').append(UNITS.get(unit)).append('\n');
            }
        }
        TraceSummary summary = TraceSummary.of(reader.parse("gen.csv", csv.toString()));
        assertEquals(gpus, summary.gpus().size());
        for (int g = 0; g < gpus; g++) {
            long peak = 0;
            for (int round = 0; round < rounds; round++) {
                peak = Math.max(peak, value(values, round, g));
            }
            TraceSummary.Gpu gpu = summary.gpus().get(g);
            assertEquals(rounds, gpu.samples());
            assertEquals(peak * UNIT_BYTES.get(unit), gpu.peakUsedBytes());
            assertEquals(value(values, 0, g) * UNIT_BYTES.get(unit), gpu.baselineUsedBytes());
        }
    }

    private static long value(List<Long> values, int round, int gpu) {
        return (values.get(round) + 7919L * gpu) % 200_000;
    }

    /** Any text at all is either a trace or a TraceException: never another exception, never a hang. */
    @Property(tries = 500)
    void arbitraryTextIsATraceOrAClearRefusal(@ForAll("traceLikeText") String text) {
        try {
            reader.parse("any.csv", text);
        } catch (TraceException refused) {
            assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
        }
    }

    @Provide
    Arbitrary<String> traceLikeText() {
        Arbitrary<String> cells = Arbitraries.oneOf(
                Arbitraries.of("2026/11/27 10:00:00.000", "0", "1", "GPU-abc", "NVIDIA H200", "143771 MiB", "12 KiB",
                        "-5 MiB", "99999999999999999999 MiB", "[N/A]", "N/A", "", "1e9", "x", "memory.used [MiB]",
                        "index", "uuid", "timestamp", "12 furlongs", "100 %", "250.5 W"),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> line = cells.list().ofMaxSize(8).map(l -> String.join(", ", l));
        return line.list().ofMaxSize(12).map(l -> String.join("\n", l));
    }
}
