package dev.memlens.core.vllm.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.units.Bytes;
import dev.memlens.core.vllm.ProgressEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class VllmLogParserStreamingTest {
    private static final String ESC = "\u001B";

    /** Records every event as text, in order. */
    private static final class Recorder implements VllmLogListener {
        final List<String> events = new ArrayList<>();
        final List<ProgressEvent> progress = new ArrayList<>();

        @Override
        public void onVersion(String v) {
            events.add("version " + v);
        }

        @Override
        public void onEngineConfig(EngineConfig c) {
            events.add("config " + c.model());
        }

        @Override
        public void onMemoryFigure(int rank, MemoryKind kind, long bytes) {
            events.add(rank + " " + kind + " " + bytes);
        }

        @Override
        public void onKvCapacity(int rank, KvCapacityKind kind, double value) {
            events.add(rank + " " + kind + " " + value);
        }

        @Override
        public void onFailure(StartupFailure f) {
            events.add("failure " + f.kind());
        }

        @Override
        public void onProgress(ProgressEvent p) {
            progress.add(p);
        }
    }

    @Test
    void events_arrive_as_lines_are_accepted() {
        Recorder rec = new Recorder();
        VllmLogParser p = new VllmLogParser(rec);
        p.accept("(EngineCore_DP0 pid=15) INFO 04-14 06:01:14 [gpu_model_runner.py:1273] Model loading took 3.3465 GiB and 1.192773 seconds");
        assertEquals(List.of("0 WEIGHTS " + Bytes.fromGib(3.3465)), rec.events);
        p.accept("(EngineCore_DP0 pid=15) INFO 04-14 06:02:04 [kv_cache_utils.py:578] GPU KV cache size: 426,448 tokens");
        assertEquals("0 TOKENS 426448.0", rec.events.get(1));
        assertEquals(426_448L, p.result().ranks().get(0).kvCacheTokens(), "result() is available mid-stream");
    }

    @Test
    void carriage_return_segments_in_one_line_give_progress_and_the_record_after_them() {
        Recorder rec = new Recorder();
        VllmLogParser p = new VllmLogParser(rec);
        p.accept(ESC + "[1;36m(VllmWorker rank=1 pid=812)" + ESC + "[0;0m Loading safetensors checkpoint shards:   0% Completed | 0/4 [00:00<?, ?it/s]\r"
                + "(VllmWorker rank=1 pid=812) Loading safetensors checkpoint shards:  50% Completed | 2/4 [00:01<00:01,  1.95it/s]\r"
                + "Capturing CUDA graph shapes: 100%|" + "\u2588".repeat(10) + "| 67/67 [00:05<00:00, 12.1it/s]"
                + ESC + "[1;36m(VllmWorker rank=1 pid=812)" + ESC + "[0;0m INFO 07-30 14:03:17 [gpu_model_runner.py:2485] Graph capturing finished in 8 secs, took 0.63 GiB\n");
        assertEquals(3, rec.progress.size());
        assertEquals(new ProgressEvent("Loading safetensors checkpoint shards", 2, 4), rec.progress.get(1));
        assertEquals(new ProgressEvent("Capturing CUDA graph shapes", 67, 67), rec.progress.get(2));
        assertEquals(List.of("1 CUDA_GRAPH " + Bytes.fromGib(0.63)), rec.events);
        assertEquals(1, p.result().ranks().get(0).rank());
    }

    @Test
    void parse_of_a_file_streams_events_including_progress_split_at_carriage_returns() throws Exception {
        Recorder rec = new Recorder();
        VllmStartupReport r = VllmLogParser.parse(Fixtures.path("v1-0.19-llama3.1-8b-h100-debug.log"), rec);
        assertEquals("version 0.19.0", rec.events.get(0));
        assertTrue(rec.events.contains("config meta-llama/Llama-3.1-8B-Instruct"));
        assertTrue(rec.events.contains("0 KV_CACHE " + Bytes.fromGib(58.11)));
        assertEquals(5, rec.progress.size(), "0/4 .. 4/4 of the weight-loading bar");
        assertEquals(new ProgressEvent("Loading safetensors checkpoint shards", 4, 4), rec.progress.get(4));
        assertEquals(Bytes.fromGib(58.11), r.ranks().get(0).kvCacheBytes());
    }

    @Test
    void gb_figures_convert_with_1e9_and_gib_with_2_30() {
        VllmLogParser p = new VllmLogParser();
        p.accept("INFO 05-01 10:00:00 [gpu_worker.py:255] Available KV cache memory: 10.00 GB");
        p.accept("INFO 05-01 10:00:00 [gpu_model_runner.py:1892] Model loading took 2 GiB memory and 1.0 seconds");
        RankMemory m = p.result().ranks().get(0);
        assertEquals(10_000_000_000L, m.kvCacheBytes());
        assertEquals(2L << 30, m.weightsBytes());
    }

    @Test
    void lines_the_original_scripts_parsed_keep_working_with_gb_as_1e9() {
        VllmLogParser p = new VllmLogParser();
        p.accept("INFO 05-01 10:00:00 [worker.py:1] Total GPU KV cache: 426,448 tokens (11.96 GB)");
        p.accept("INFO 05-01 10:00:00 [worker.py:1] Model weights: 3.09 GB");
        p.accept("INFO 05-01 10:00:00 [worker.py:1] Activations: 0.52 GB");
        RankMemory m = p.result().ranks().get(0);
        assertEquals(426_448L, m.kvCacheTokens());
        assertEquals(11_960_000_000L, m.kvCacheBytes());
        assertEquals(3_090_000_000L, m.weightsBytes());
        assertEquals(520_000_000L, m.activationPeakBytes());
    }

    @Test
    void the_init_snapshot_non_torch_memory_is_not_the_profiling_increase() {
        VllmLogParser p = new VllmLogParser();
        p.accept("(EngineCore pid=242) DEBUG 04-22 00:03:47 [v1/worker/gpu_worker.py:284] worker init memory snapshot: torch_peak=0.0GiB, free_memory=78.68GiB, total_memory=79.19GiB, cuda_memory=0.51GiB, torch_memory=0.0GiB, non_torch_memory=0.51GiB, timestamp=1776816227.5468106, auto_measure=True");
        RankMemory m = p.result().ranks().get(0);
        assertNull(m.nonTorchBytes());
        assertEquals(Bytes.fromGib(79.19), m.totalGpuMemoryBytes());
    }

    @Test
    void unrelated_lines_and_binary_garbage_leave_no_figures(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("noise.log");
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 'x', '\n'};
        Files.write(log, garbage);
        Files.writeString(log, "INFO:     127.0.0.1:51234 - \"POST /v1/completions HTTP/1.1\" 200 OK\nhello\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        VllmStartupReport r = VllmLogParser.parse(log);
        assertEquals(LogFormat.UNKNOWN, r.format());
        assertTrue(r.ranks().isEmpty());
        assertNull(r.vllmVersion());
    }

    @Test
    void failures_repeated_in_tracebacks_are_reported_once() {
        Recorder rec = new Recorder();
        VllmLogParser p = new VllmLogParser(rec);
        String msg = "No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine.";
        p.accept("ERROR 01-20 08:01:14 engine.py:366] " + msg);
        p.accept("ValueError: " + msg);
        p.accept("(EngineCore_DP0 pid=15) ERROR 01-20 08:01:14 [core.py:700] ValueError: " + msg);
        assertEquals(List.of("failure NO_KV_CACHE_MEMORY"), rec.events);
        assertEquals(1, p.result().failures().size());
    }

    @Test
    void oom_after_the_kv_cache_is_sized_is_a_run_time_oom() {
        VllmLogParser p = new VllmLogParser();
        p.accept("INFO 01-13 11:35:21 model_runner.py:1099] Model loading took 14.9595 GiB and 3.0 seconds");
        p.accept("INFO 01-13 11:35:23 gpu_executor.py:76] # GPU blocks: 5691, # CPU blocks: 2048");
        p.accept("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB.");
        assertEquals(FailureKind.CUDA_OOM, p.result().failures().get(0).kind());
    }
}
