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
    /**
     * Bounds on config fields, far above any published model (the largest have ~160 layers, 32k hidden, 256k
     * vocabularies), so that every product the estimator forms stays far inside a long.
     */
    static final long MAX_LAYERS = 4096;
    static final long MAX_WIDTH = 1 << 20;
    static final long MAX_HEADS = 1 << 14;
    static final long MAX_HEAD_DIM = 1 << 14;
    static final long MAX_VOCAB = 1 << 24;
    static final long MAX_EXPERTS = 1 << 14;

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
        int layers = (int) f.ranged(f.requiredLong("num_hidden_layers", "n_layer", "num_layers"), "num_hidden_layers", 1, MAX_LAYERS);
        int hidden = (int) f.ranged(f.requiredLong("hidden_size", "n_embd", "d_model"), "hidden_size", 1, MAX_WIDTH);
        int heads = (int) f.ranged(f.requiredLong("num_attention_heads", "n_head"), "num_attention_heads", 1, MAX_HEADS);
        int vocab = (int) f.ranged(f.requiredLong("vocab_size"), "vocab_size", 1, MAX_VOCAB);
        int kvHeads = root.path("multi_query").asBoolean(false) ? 1
                : (int) f.ranged(f.optionalLong(heads, "num_key_value_heads", "num_kv_heads"), "num_key_value_heads", 1, heads);
        if (heads % kvHeads != 0) {
            throw new ModelSpecException(source + ": num_attention_heads " + heads + " is not a multiple of num_key_value_heads "
                    + kvHeads + ": grouped-query attention needs whole groups; pass the model's own config.json");
        }
        if (!f.node("head_dim").canConvertToLong() && hidden % heads != 0) {
            throw new ModelSpecException(source + ": hidden_size " + hidden + " is not a multiple of num_attention_heads "
                    + heads + " and there is no head_dim: pass the model's own config.json");
        }
        int headDim = (int) f.ranged(f.optionalLong(hidden / heads, "head_dim"), "head_dim", 1, MAX_HEAD_DIM);
        long intermediate = f.optionalLong(-1, "intermediate_size", "ffn_dim", "n_inner");
        if (f.node("intermediate_size").isMissingNode() && f.node("ffn_dim").isMissingNode() && f.node("n_inner").isMissingNode()) {
            throw f.missing("intermediate_size", "ffn_dim", "n_inner");
        }
        f.ranged(intermediate, "intermediate_size", 1, MAX_WIDTH * 64L);
        boolean tied = f.bool("tie_word_embeddings", modelType.startsWith("gemma"));
        boolean bias = f.bool("attention_bias", false);
        MoeSpec moe = moe(f, intermediate);
        MlaSpec mla = f.node("kv_lora_rank").canConvertToInt()
                ? new MlaSpec((int) f.ranged(f.optionalLong(0, "kv_lora_rank"), "kv_lora_rank", 1, MAX_WIDTH),
                        (int) f.ranged(f.optionalLong(0, "q_lora_rank"), "q_lora_rank", 0, MAX_WIDTH),
                        (int) f.ranged(f.optionalLong(headDim, "qk_nope_head_dim"), "qk_nope_head_dim", 0, MAX_HEAD_DIM),
                        (int) f.ranged(f.optionalLong(0, "qk_rope_head_dim"), "qk_rope_head_dim", 0, MAX_HEAD_DIM),
                        (int) f.ranged(f.optionalLong(headDim, "v_head_dim"), "v_head_dim", 1, MAX_HEAD_DIM))
                : null;
        Integer window = f.node("sliding_window").canConvertToInt() && f.bool("use_sliding_window", true)
                ? (int) f.ranged(f.node("sliding_window").asLong(), "sliding_window", 1, Integer.MAX_VALUE) : null;
        String dtype;
        try {
            dtype = DTypes.normalize(f.text("torch_dtype", f.text("dtype", "float16")));
        } catch (IllegalArgumentException e) {
            throw new ModelSpecException(source + ": torch_dtype: " + e.getMessage());
        }
        if (dtype == null) {
            dtype = "float16";
        }
        QuantizationSpec quant = quantization(root.has("quantization_config") ? root.get("quantization_config")
                : text.path("quantization_config"), source);
        long maxPositions = f.ranged(f.optionalLong(0, "max_position_embeddings", "n_positions"), "max_position_embeddings",
                0, Integer.MAX_VALUE);
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
        long experts = f.ranged(f.optionalLong(0, "num_experts", "n_routed_experts", "num_local_experts"), "num_experts",
                0, MAX_EXPERTS);
        if (experts <= 1) {
            return null;
        }
        long perToken = f.optionalLong(-1, "num_experts_per_tok", "moe_top_k", "top_k");
        if (perToken <= 0 && f.node("num_experts_per_tok").isMissingNode()) {
            throw f.missing("num_experts_per_tok");
        }
        f.ranged(perToken, "num_experts_per_tok", 1, experts);
        long expertWidth = f.ranged(f.optionalLong(intermediate, "moe_intermediate_size"), "moe_intermediate_size", 1,
                MAX_WIDTH * 64L);
        return new MoeSpec((int) experts, (int) perToken,
                (int) f.ranged(f.optionalLong(0, "n_shared_experts"), "n_shared_experts", 0, MAX_EXPERTS), (int) expertWidth,
                f.ranged(f.optionalLong(0, "shared_expert_intermediate_size"), "shared_expert_intermediate_size", 0,
                        MAX_WIDTH * 64L),
                (int) f.ranged(f.optionalLong(0, "first_k_dense_replace"), "first_k_dense_replace", 0, MAX_LAYERS));
    }

    private static QuantizationSpec quantization(JsonNode q, String source) {
        if (q == null || q.isMissingNode() || q.isNull()) {
            return QuantizationSpec.NONE;
        }
        String method = q.path("quant_method").asText("");
        return switch (method.toLowerCase(java.util.Locale.ROOT)) {
            case "awq", "gptq" -> grouped(method, q, source);
            case "fp8", "fbgemm_fp8" -> new QuantizationSpec("fp8", 8, 0);
            case "bitsandbytes" -> q.path("load_in_4bit").asBoolean(false)
                    ? new QuantizationSpec("gptq", 4, 64) : new QuantizationSpec("int8", 8, 0);
            case "compressed-tensors" -> new QuantizationSpec("int8", 8, 0);
            default -> throw new ModelSpecException(source + ": quantization_config.quant_method '" + method
                    + "' is not supported; supported: awq, gptq, fp8, bitsandbytes, compressed-tensors");
        };
    }

    /** AWQ/GPTQ: 2, 3, 4 or 8 bits; a positive group size, or -1 (GPTQ: one group per column, no grouping). */
    private static QuantizationSpec grouped(String method, JsonNode q, String source) {
        JsonNode bitsNode = q.has("bits") ? q.get("bits") : q.path("w_bit");
        long bits = bitsNode.canConvertToLong() ? bitsNode.asLong() : 4;
        if (bits != 2 && bits != 3 && bits != 4 && bits != 8) {
            throw new ModelSpecException(source + ": quantization_config.bits is " + bitsNode.asText()
                    + "; " + method + " stores 2, 3, 4 or 8 bits per weight: pass the model's own config.json");
        }
        JsonNode groupNode = q.has("group_size") ? q.get("group_size") : q.path("q_group_size");
        long group = groupNode.canConvertToLong() ? groupNode.asLong() : 128;
        if (group == 0 || group < -1 || group > MAX_WIDTH) {
            throw new ModelSpecException(source + ": quantization_config.group_size is " + groupNode.asText()
                    + ": use a positive group size, or -1 for no grouping");
        }
        return new QuantizationSpec(method, (int) bits, group == -1 ? 0 : (int) group);
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

        /** The first of the names present as an integral number; missing, or not a whole number, is an error. */
        long requiredLong(String... names) {
            for (String n : names) {
                JsonNode v = node(n);
                if (!v.isMissingNode()) {
                    return whole(v, n);
                }
            }
            throw missing(names);
        }

        /** {@code value} when it lies in [min, max]; else an error naming the field and its bounds. */
        long ranged(long value, String name, long min, long max) {
            if (value < min || value > max) {
                throw new ModelSpecException(String.format(java.util.Locale.ROOT,
                        "%s: '%s' is %d, outside %,d..%,d: pass the model's own config.json", source, name, value, min, max));
            }
            return value;
        }

        private long whole(JsonNode v, String name) {
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                return v.asLong();
            }
            if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) < 9e18) {
                return (long) v.asDouble();
            }
            throw new ModelSpecException(source + ": '" + name + "' is " + v + ", not a whole number: pass the model's own config.json");
        }

        long optionalLong(long fallback, String... names) {
            for (String n : names) {
                JsonNode v = node(n);
                if (v.isNumber()) {
                    return whole(v, n);
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
