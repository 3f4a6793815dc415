package dev.memlens.core.vllm.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON shape of {@code memlens parse-log --json}: {@code vllm_version, format, engine_config{...},
 * ranks[{rank, weights_bytes, ...}], failures[{kind, message, advice}]}; absent values are {@code null}.
 */
public final class StartupReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StartupReportJson() {
    }

    public static String write(VllmStartupReport report) {
        try {
            return MAPPER.writeValueAsString(toJson(report));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("JSON of a start-up report", e);
        }
    }

    public static ObjectNode toJson(VllmStartupReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("vllm_version", report.vllmVersion());
        root.put("format", report.format().tag());
        EngineConfig c = report.engineConfig();
        if (c == null) {
            root.putNull("engine_config");
        } else {
            ObjectNode config = root.putObject("engine_config");
            config.put("vllm_version", c.vllmVersion());
            config.put("model", c.model());
            config.put("dtype", c.dtype());
            config.put("max_seq_len", c.maxSeqLen());
            config.put("tensor_parallel_size", c.tensorParallelSize());
            config.put("pipeline_parallel_size", c.pipelineParallelSize());
            config.put("quantization", noneAsNull(c.quantization()));
            config.put("kv_cache_dtype", c.kvCacheDtype());
            config.put("enforce_eager", c.enforceEager());
            config.put("load_format", c.loadFormat());
        }
        ArrayNode ranks = root.putArray("ranks");
        for (RankMemory r : report.ranks()) {
            ObjectNode n = ranks.addObject();
            n.put("rank", r.rank());
            n.put("weights_bytes", r.weightsBytes());
            n.put("activation_peak_bytes", r.activationPeakBytes());
            n.put("non_torch_bytes", r.nonTorchBytes());
            n.put("kv_cache_bytes", r.kvCacheBytes());
            n.put("kv_cache_tokens", r.kvCacheTokens());
            n.put("num_gpu_blocks", r.numGpuBlocks());
            n.put("max_concurrency", r.maxConcurrency());
            n.put("max_model_len", r.maxModelLen());
            n.put("cuda_graph_bytes", r.cudaGraphBytes());
            n.put("total_gpu_memory_bytes", r.totalGpuMemoryBytes());
            n.put("gpu_memory_utilization", r.gpuMemoryUtilization());
        }
        ArrayNode failures = root.putArray("failures");
        for (StartupFailure f : report.failures()) {
            ObjectNode n = failures.addObject();
            n.put("kind", f.kind().tag());
            n.put("message", f.message());
            n.put("advice", f.advice());
        }
        return root;
    }

    /** vLLM prints Python's None; JSON says null. */
    private static String noneAsNull(String s) {
        return s == null || s.equals("None") ? null : s;
    }
}
