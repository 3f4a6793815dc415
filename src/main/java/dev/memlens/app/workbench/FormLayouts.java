package dev.memlens.app.workbench;

import static dev.memlens.app.workbench.FieldSpec.choice;
import static dev.memlens.app.workbench.FieldSpec.flag;
import static dev.memlens.app.workbench.FieldSpec.text;

import dev.memlens.core.gpu.GpuSources;
import java.util.List;

/** Which fields each mode's form shows, in which order, and what each tooltip says (the flag it sets). */
final class FormLayouts {
    private FormLayouts() {
    }

    private static List<FieldSpec> session() {
        return List.of(
                text("timeout", "memlens --timeout: end the run after this many seconds, as Cancel does (empty: no limit)").inAdvanced(),
                text("interval-ms", "memlens --interval-ms: how often the GPU memory is sampled (1 ms or more with NVML, 10 with the tools)").inAdvanced(),
                choice("source", GpuSources.idsWithoutAddress(), "memlens --source: where GPU memory is read (auto: NVML when it loads, else nvidia-smi, amd-smi, rocm-smi, sysfs)").inAdvanced());
    }

    static List<FieldSpec> of(FormViewModel form) {
        List<FieldSpec> fields = switch (form.mode()) {
            case "bench" -> List.of(
                    text("input-len", "vLLM --input-len: prompt tokens per request"),
                    text("output-len", "vLLM --output-len: generated tokens per request"),
                    text("batch-size", "vLLM --batch-size: requests per batch"),
                    choice("dtype", BenchFormViewModel.DTYPES, "vLLM --dtype: weights and activations (auto: the model's torch_dtype)"),
                    text("tensor-parallel-size", "vLLM --tensor-parallel-size: GPUs to shard the model over"),
                    choice("quantization", BenchFormViewModel.QUANTIZATIONS, "vLLM --quantization: awq, gptq, fp8 … (empty: the model's own)"),
                    choice("kv-cache-dtype", BenchFormViewModel.KV_CACHE_DTYPES, "vLLM --kv-cache-dtype: auto, fp8 … (empty: vLLM's default)").inAdvanced(),
                    text("max-model-len", "vLLM --max-model-len: longest sequence vLLM plans the KV cache for (empty: the model's)").inAdvanced(),
                    text("gpu-memory-utilization", "vLLM --gpu-memory-utilization: share of GPU memory vLLM may use, 0..1 (empty: vLLM's default, " + dev.memlens.core.estimate.VllmVersions.rules(null).defaultUtilization() + " since 0.21, 0.9 before)").inAdvanced(),
                    text("num-iters-warmup", "vLLM --num-iters-warmup: warm-up iterations (default 10)").inAdvanced(),
                    text("num-iters", "vLLM --num-iters: measured iterations (default 30)").inAdvanced(),
                    flag("load-format-dummy", "vLLM --load-format dummy: random weights from config.json, no download").inAdvanced(),
                    flag("enforce-eager", "vLLM --enforce-eager: no CUDA graphs").inAdvanced(),
                    flag("trust-remote-code", "vLLM --trust-remote-code: allow the model's own Python code").inAdvanced(),
                    text("vllm", "The vLLM command (memlens --vllm): vllm from PATH, or a full path").inAdvanced(),
                    text(BenchFormViewModel.VERSION_KEY, "The vLLM version whose rules the estimate and the budget line use: asked of the vLLM command (vllm --version) when the form opens or the command changes; type another to see its rules (empty: the newest MemLens models)").inAdvanced(),
                    text("python", "memlens --python: run vLLM as PYTHON -m vllm.entrypoints.cli.main instead").inAdvanced(),
                    text("engine-args", "Extra vLLM engine arguments, passed unchanged (e.g. --max-num-seqs 64)").inAdvanced());
            case "api" -> List.of(
                    text("api-url", "memlens api --api-url: the server's base URL (vLLM serve --host/--port)"),
                    text("model", "The served model id (vLLM serve --served-model-name); empty: the first of /v1/models"),
                    text("prompt", "The prompt of every request"),
                    text("max-tokens", "max_tokens of every request (memlens api --max-tokens)"),
                    text("batch-size", "Concurrent requests (memlens api --batch-size)"),
                    flag("chat", "Use /v1/chat/completions instead of /v1/completions (memlens api --chat)"),
                    text("api-key-env", "The environment variable holding the server's key (vLLM serve --api-key); the key is never saved").inAdvanced(),
                    flag("tls", "The server speaks https (vLLM serve --ssl-certfile); trusted through the JVM's trust store").inAdvanced(),
                    flag("ignore-eos", "Always generate max tokens (vLLM's ignore_eos), so runs are comparable").inAdvanced(),
                    text("tensor-parallel-size", "The server's vLLM --tensor-parallel-size, for the per-GPU KV bytes").inAdvanced(),
                    text("metrics-interval-ms", "How often vLLM's /metrics is polled for KV cache usage").inAdvanced());
            case "hf" -> List.of(
                    flag("random-weights", "memlens hf --random-weights: build the model from config.json, no download"),
                    choice("dtype", HfFormViewModel.DTYPES, "torch_dtype of from_pretrained (memlens hf --dtype)"),
                    text("batch-size", "Sequences generated at once (memlens hf --batch-size)"),
                    text("input-len", "Random prompt ids of this length (memlens hf --input-len); or give a prompt"),
                    text("prompt", "A prompt instead of random ids (memlens hf --prompt)"),
                    text("max-new-tokens", "generate(max_new_tokens=…) (memlens hf --max-new-tokens)"),
                    text("python", "The Python interpreter with torch and transformers (memlens hf --python)").inAdvanced(),
                    text("device", "The torch device (memlens hf --device)").inAdvanced(),
                    flag("trust-remote-code", "from_pretrained(trust_remote_code=True)").inAdvanced());
            case "docker" -> List.of(
                    text("model", "vLLM: the served model id; transformers: the model path inside (empty: detected)"),
                    text("prompt", "The prompt (empty: the default)"),
                    text("max-tokens", "Tokens generated per request or sequence (memlens docker --max-tokens)"),
                    text("batch-size", "Concurrent requests or sequences (memlens docker --batch-size)"),
                    text("port", "The API port inside the container (vLLM serve --port, default 8000)").inAdvanced(),
                    flag("chat", "vLLM: use /v1/chat/completions").inAdvanced(),
                    text("api-key-env", "vLLM: environment variable with the server's --api-key").inAdvanced(),
                    choice("dtype", HfFormViewModel.DTYPES, "transformers: torch_dtype").inAdvanced(),
                    text("input-len", "transformers: random prompt ids of this length").inAdvanced(),
                    flag("random-weights", "transformers: random weights from config.json").inAdvanced(),
                    text("python", "transformers: the Python inside the container").inAdvanced(),
                    text("docker", "The docker command (memlens docker --docker): docker, podman …").inAdvanced());
            default -> List.of();
        };
        return java.util.stream.Stream.concat(fields.stream(), session().stream()).toList();
    }
}
