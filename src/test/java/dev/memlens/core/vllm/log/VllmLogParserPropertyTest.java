package dev.memlens.core.vllm.log;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * vLLM log lines with any number in them: a report, or a LogValueException naming the line; never another error.
 * Weights are never negative (KV cache may be: vLLM prints a negative one when nothing is left for it).
 */
class VllmLogParserPropertyTest {
    @Property(tries = 500)
    void anyFigureIsReadOrRefusedNamingTheLine(@ForAll("logLines") String log) throws Exception {
        try {
            VllmStartupReport report = VllmLogParser.parse(new StringReader(log), new VllmLogListener() {
            });
            for (RankMemory rank : report.ranks()) {
                assertTrue(rank.weightsBytes() == null || rank.weightsBytes() >= 0, log);
            }
        } catch (VllmLogParser.LogValueException refused) {
            assertTrue(refused.getMessage().startsWith("line "), refused.getMessage());
        }
    }

    @Provide
    Arbitrary<String> logLines() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(40),
                Arbitraries.of("1.2.3", "-0.5", "99999999999999999999999", ".", "1e9"));
        Arbitrary<String> line = number.flatMap(n -> Arbitraries.of(
                "INFO [gpu_model_runner.py:1] Model loading took " + n + " GiB and 3.2 seconds",
                "INFO [kv_cache_utils.py:1] GPU KV cache size: " + n + " tokens",
                "INFO [kv_cache_utils.py:1] Maximum concurrency for " + n + " tokens per request: " + n + "x",
                "INFO [gpu_worker.py:1] Available KV cache memory: " + n + " GiB",
                "INFO [config.py:1] Using max model len " + n,
                "INFO [worker.py:1] # cuda blocks: " + n + ", # CPU blocks: " + n,
                "(VllmWorker rank=" + n + " pid=1) INFO Model loading took 1.0 GiB"));
        return line.list().ofMaxSize(8).map(l -> String.join("\n", l));
    }
}
