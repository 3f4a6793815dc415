package dev.memlens.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a {@link ModelSpec} from a config.json, a model directory, or a model id in the local Hugging Face cache. */
public final class ModelSpecs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelSpecs() {
    }

    /** A config.json file or a directory holding one (and maybe safetensors files, whose headers give exact bytes). */
    public static ModelSpec load(Path configOrDir) throws IOException {
        Path config = Files.isDirectory(configOrDir) ? configOrDir.resolve("config.json") : configOrDir;
        if (!Files.isRegularFile(config)) {
            throw new ModelSpecException("no config.json at " + config
                    + ": pass a Hugging Face config.json or the model directory that holds it");
        }
        JsonNode root;
        try {
            root = JSON.readTree(config.toFile());
        } catch (IOException e) {
            throw new ModelSpecException(config + " is not valid JSON: " + e.getMessage(), e);
        }
        ModelSpec spec = parse(root, config.toString());
        Path dir = config.toAbsolutePath().getParent();
        var found = SafetensorsSizes.inDirectory(dir);
        return found.map(f -> spec.withWeights(f.bytes(), f.source())).orElse(spec);
    }

    /**
     * A model id ("meta-llama/Llama-3.1-8B") found in the local Hugging Face cache, offline: HF_HUB_CACHE,
     * else HF_HOME/hub, else HOME/.cache/huggingface/hub; the snapshot named by refs/main, else the only one.
     */
    public static ModelSpec fromHfCache(String modelId, Map<String, String> env) throws IOException {
        Path hub = hubDir(env);
        Path repo = hub.resolve("models--" + modelId.replace("/", "--"));
        if (!Files.isDirectory(repo)) {
            throw new ModelSpecException("model '" + modelId + "' is not in the Hugging Face cache " + hub
                    + ": download it first (huggingface-cli download " + modelId + " config.json) or pass --config");
        }
        Path snapshots = repo.resolve("snapshots");
        Path ref = repo.resolve("refs").resolve("main");
        Path snapshot;
        if (Files.isRegularFile(ref)) {
            snapshot = snapshots.resolve(Files.readString(ref).trim());
        } else {
            List<Path> all = new ArrayList<>();
            if (Files.isDirectory(snapshots)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(snapshots)) {
                    ds.forEach(all::add);
                }
            }
            if (all.size() != 1) {
                throw new ModelSpecException(repo + " has no refs/main and " + all.size()
                        + " snapshots: pass the snapshot directory with --model DIR");
            }
            snapshot = all.get(0);
        }
        return load(snapshot);
    }

    static Path hubDir(Map<String, String> env) {
        if (env.get("HF_HUB_CACHE") != null) {
            return Path.of(env.get("HF_HUB_CACHE"));
        }
        if (env.get("HF_HOME") != null) {
            return Path.of(env.get("HF_HOME"), "hub");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".cache", "huggingface", "hub");
    }

    /** Parses a config tree; {@code source} names the file in error messages. */
    public static ModelSpec parse(JsonNode root, String source) {
        checkCausalLm(root, source);
        JsonNode text = root.has("text_config") && root.get("text_config").isObject() ? root.get("text_config") : root;
        ConfigFields f = new ConfigFields(text, root, source);
        String modelType = f.text("model_type", root.path("model_type").asText("unknown"));
        int layers = f.requiredInt("num_hidden_layers", "n_layer", "num_layers");
        int hidden = f.requiredInt("hidden_size", "n_embd", "d_model");
        int heads = f.requiredInt("num_attention_heads", "n_head");
        int vocab = f.requiredInt("vocab_size");
        int kvHeads = root.path("multi_query").asBoolean(false) ? 1
                : f.optionalInt(heads, "num_key_value_heads", "num_kv_heads");
        int headDim = f.optionalInt(hidden / heads, "head_dim");
        long intermediate = f.optionalLong(-1, "intermediate_size", "ffn_dim", "n_inner");
        if (intermediate <= 0) {
            throw f.missing("intermediate_size", "ffn_dim", "n_inner");
        }
        boolean tied = f.bool("tie_word_embeddings", modelType.startsWith("gemma"));
        boolean bias = f.bool("attention_bias", false);
        MoeSpec moe = moe(f, intermediate);
        MlaSpec mla = f.node("kv_lora_rank").canConvertToInt()
                ? new MlaSpec(f.optionalInt(0, "kv_lora_rank"), f.optionalInt(0, "q_lora_rank"),
                        f.optionalInt(headDim, "qk_nope_head_dim"), f.optionalInt(0, "qk_rope_head_dim"),
                        f.optionalInt(headDim, "v_head_dim"))
                : null;
        Integer window = f.node("sliding_window").canConvertToInt() && f.bool("use_sliding_window", true)
                ? f.node("sliding_window").asInt() : null;
        String dtype = DTypes.normalize(f.text("torch_dtype", f.text("dtype", "float16")));
        if (dtype == null) {
            dtype = "float16";
        }
        QuantizationSpec quant = quantization(root.has("quantization_config") ? root.get("quantization_config")
                : text.path("quantization_config"), source);
        long maxPositions = f.optionalLong(0, "max_position_embeddings", "n_positions");
        String arch = root.path("architectures").path(0).asText(modelType);
        ModelSpec spec = new ModelSpec(modelType, arch, layers, hidden, heads, kvHeads, headDim, intermediate, vocab,
                tied, bias, moe, mla, window, quant, dtype, maxPositions, 0, 0, WeightSource.ARCHITECTURE, source);
        ParameterCounter.Breakdown params = ParameterCounter.breakdown(spec);
        long weightBytes = WeightBytes.of(params, quant, DTypes.bytes(dtype));
        return new ModelSpec(modelType, arch, layers, hidden, heads, kvHeads, headDim, intermediate, vocab, tied,
                bias, moe, mla, window, quant, dtype, maxPositions, params.total(), weightBytes,
                WeightSource.ARCHITECTURE, source);
    }

    private static void checkCausalLm(JsonNode root, String source) {
        if (root.path("is_encoder_decoder").asBoolean(false)) {
            throw new ModelSpecException(source + ": 'is_encoder_decoder' is true; MemLens estimates decoder-only "
                    + "causal LMs (…ForCausalLM)");
        }
        JsonNode archs = root.path("architectures");
        if (archs.isArray() && archs.size() > 0) {
            for (JsonNode a : archs) {
                String name = a.asText();
                if (name.endsWith("ForCausalLM") || name.endsWith("LMHeadModel")
                        || name.endsWith("ForConditionalGeneration")) {
                    return;
                }
            }
            throw new ModelSpecException(source + ": 'architectures' is " + archs
                    + ", not a causal LM (…ForCausalLM); pass the config.json of a text-generation model");
        }
    }

    private static MoeSpec moe(ConfigFields f, long intermediate) {
        int experts = f.optionalInt(0, "num_experts", "n_routed_experts", "num_local_experts");
        if (experts <= 1) {
            return null;
        }
        int perToken = f.optionalInt(-1, "num_experts_per_tok", "moe_top_k", "top_k");
        if (perToken <= 0) {
            throw f.missing("num_experts_per_tok");
        }
        int expertWidth = f.optionalInt((int) intermediate, "moe_intermediate_size");
        return new MoeSpec(experts, perToken, f.optionalInt(0, "n_shared_experts"), expertWidth,
                f.optionalLong(0, "shared_expert_intermediate_size"), f.optionalInt(0, "first_k_dense_replace"));
    }

    private static QuantizationSpec quantization(JsonNode q, String source) {
        if (q == null || q.isMissingNode() || q.isNull()) {
            return QuantizationSpec.NONE;
        }
        String method = q.path("quant_method").asText("");
        return switch (method.toLowerCase(java.util.Locale.ROOT)) {
            case "awq", "gptq" -> new QuantizationSpec(method, q.path("bits").asInt(q.path("w_bit").asInt(4)),
                    q.path("group_size").asInt(q.path("q_group_size").asInt(128)));
            case "fp8", "fbgemm_fp8" -> new QuantizationSpec("fp8", 8, 0);
            case "bitsandbytes" -> q.path("load_in_4bit").asBoolean(false)
                    ? new QuantizationSpec("gptq", 4, 64) : new QuantizationSpec("int8", 8, 0);
            case "compressed-tensors" -> new QuantizationSpec("int8", 8, 0);
            default -> throw new ModelSpecException(source + ": quantization_config.quant_method '" + method
                    + "' is not supported; supported: awq, gptq, fp8, bitsandbytes, compressed-tensors");
        };
    }

    /** Looks fields up in the text config first, then the root, under several names. */
    private record ConfigFields(JsonNode text, JsonNode root, String source) {
        JsonNode node(String name) {
            JsonNode n = text.get(name);
            if (n == null || n.isNull()) {
                n = root.get(name);
            }
            return n == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : n;
        }

        int requiredInt(String... names) {
            for (String n : names) {
                if (node(n).canConvertToInt() && node(n).asInt() > 0) {
                    return node(n).asInt();
                }
            }
            throw missing(names);
        }

        int optionalInt(int fallback, String... names) {
            return (int) optionalLong(fallback, names);
        }

        long optionalLong(long fallback, String... names) {
            for (String n : names) {
                if (node(n).canConvertToLong()) {
                    return node(n).asLong();
                }
            }
            return fallback;
        }

        boolean bool(String name, boolean fallback) {
            return node(name).isBoolean() ? node(name).asBoolean() : fallback;
        }

        String text(String name, String fallback) {
            return node(name).isTextual() ? node(name).asText() : fallback;
        }

        ModelSpecException missing(String... names) {
            String also = names.length > 1 ? " (also looked for " + String.join(", ", List.of(names).subList(1, names.length)) + ")" : "";
            return new ModelSpecException(source + " has no usable '" + names[0] + "'" + also
                    + ": this is not a complete causal-LM config.json; pass the model's own config.json");
        }
    }
}
