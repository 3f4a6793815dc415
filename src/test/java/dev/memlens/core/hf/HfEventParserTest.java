package dev.memlens.core.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HfEventParserTest {
    private final HfEventParser parser = new HfEventParser();

    @Test
    void nonEventLinesAreNotEvents() {
        assertTrue(parser.parse("Loading checkpoint shards: 100%").isEmpty());
        assertTrue(parser.parse("{not json").isEmpty());
        assertTrue(parser.parse("{\"event\":\"future-kind\"}").isEmpty());
        assertTrue(parser.parse("{\"event\":\"phase\",\"phase\":\"unknown\"}").isEmpty());
    }

    @Test
    void aMissingModuleErrorCarriesTheModuleAndTheFix() {
        HfEvent.Failure failure = (HfEvent.Failure) parser.parse("{\"event\": \"error\", \"kind\": \"missing_module\","
                + " \"message\": \"Python module 'torch' is not installed\", \"module\": \"torch\","
                + " \"fix\": \"python3 -m pip install torch\"}").orElseThrow();
        assertEquals(HfFailureKind.MISSING_MODULE, failure.kind());
        assertEquals("torch", failure.module().orElseThrow());
        assertEquals("python3 -m pip install torch", failure.fix().orElseThrow());
        assertTrue(failure.allocatorAtFailure().isEmpty());
    }

    @Test
    void aPhaseWithoutTheGeneratePeakUsesTheOverallPeak() {
        HfEvent.Phase phase = (HfEvent.Phase) parser.parse("{\"event\":\"phase\",\"phase\":\"weights_loaded\",\"t\":1.5,"
                + "\"elapsed_s\":0.5,\"allocated\":10,\"reserved\":20,\"max_allocated\":15,\"load_seconds\":0.25}").orElseThrow();
        assertEquals(new TorchAllocatorFigures(10, 20, 15, 15), phase.allocator());
        assertEquals(0.25, phase.loadSeconds().getAsDouble());
        assertTrue(phase.promptTokens().isEmpty());
    }

    @Test
    void unknownErrorKindsAreKeptAsUnknown() {
        HfEvent.Failure failure = (HfEvent.Failure) parser.parse("{\"event\":\"error\",\"kind\":\"new\",\"message\":\"m\"}")
                .orElseThrow();
        assertEquals(HfFailureKind.UNKNOWN, failure.kind());
    }

    @Test
    void theGeneratedPhaseCarriesTheCacheTensorsBytes() {
        HfEvent.Phase p = (HfEvent.Phase) parser.parse("{\"event\": \"phase\", \"phase\": \"generated\", \"t\": 1.0,"
                + " \"elapsed_s\": 2.0, \"allocated\": 10, \"reserved\": 20, \"max_allocated\": 30,"
                + " \"phase_max_allocated\": 30, \"generated_tokens\": 128, \"kv_cache_bytes\": 83886080}").orElseThrow();
        assertEquals(83_886_080L, p.kvCacheBytes().getAsLong());
        HfEvent.Phase older = (HfEvent.Phase) parser.parse("{\"event\": \"phase\", \"phase\": \"generated\","
                + " \"allocated\": 10, \"kv_cache_bytes\": null}").orElseThrow();
        assertTrue(older.kvCacheBytes().isEmpty(), "a profiler that could not measure the cache says null");
    }
}
