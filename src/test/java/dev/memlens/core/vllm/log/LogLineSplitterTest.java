package dev.memlens.core.vllm.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LogLineSplitterTest {
    @Test
    void new_and_old_headers_and_prefixes() {
        LogLine a = LogLineSplitter.split("(Worker_TP3 pid=403) INFO 02-11 09:01:40 [gpu_model_runner.py:3712] Model loading took 1 GiB");
        assertEquals(3, a.explicitRank());
        assertEquals("403", a.pid());
        assertEquals("INFO", a.level());
        assertEquals("Model loading took 1 GiB", a.message());
        LogLine b = LogLineSplitter.split("INFO 01-13 11:35:23 worker.py:241] model weights take 14.96GiB");
        assertNull(b.process());
        assertEquals("model weights take 14.96GiB", b.message());
        assertEquals(1, LogLineSplitter.split("(VllmWorker rank=1 pid=9) DEBUG 01-01 00:00:00 [x.py:1] m").explicitRank());
        assertNull(LogLineSplitter.split("(EngineCore_DP0 pid=15) INFO 01-01 00:00:00 [x.py:1] m").explicitRank());
        assertEquals("Avg latency: 1.0 seconds", LogLineSplitter.split("Avg latency: 1.0 seconds").message());
    }
}
