package dev.memlens.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSpecsTest {
    static final Path RUNS = Path.of("src/test/resources/estimate/runs");
    static final Path CONFIGS = Path.of("src/test/resources/estimate/configs");

    @Test
    void exactParameterCountsMatchTorchOnTheMeasuredRuns() throws Exception {
        // num_parameters of run.json, counted by torch on the GPU machine
        assertEquals(6_738_415_616L, ModelSpecs.load(RUNS.resolve("llama2-7b-b8-256-256")).parameterCount());
        assertEquals(7_241_732_096L, ModelSpecs.load(RUNS.resolve("mistral-7b-bf16-b16-512-512")).parameterCount());
        assertEquals(494_032_768L, ModelSpecs.load(RUNS.resolve("qwen2.5-0.5b-b16-512-256")).parameterCount());
        assertEquals(8_030_261_248L, ModelSpecs.load(RUNS.resolve("llama3-8b-bf16-b4-2048-128")).parameterCount());
        assertEquals(1_235_814_400L, ModelSpecs.load(RUNS.resolve("llama3.2-1b-bf16-b32-512-128")).parameterCount());
    }

    @Test
    void weightsFromTheArchitectureAreParametersTimesDtype() throws Exception {
        ModelSpec s = ModelSpecs.load(RUNS.resolve("llama2-7b-b8-256-256/config.json"));
        assertEquals(6_738_415_616L * 2, s.weightBytes());
        assertEquals(WeightSource.ARCHITECTURE, s.weightSource());
        assertEquals(32, s.kvHeads());
        assertEquals(128, s.headDim());
    }

    @Test
    void readsMoeMlaAndNestedTextConfigs() throws Exception {
        ModelSpec qwen = ModelSpecs.load(CONFIGS.resolve("qwen3-30b-a3b.json"));
        assertNotNull(qwen.moe());
        assertEquals(128, qwen.moe().experts());
        assertEquals(30_532_122_624L, qwen.parameterCount());
        ModelSpec ds = ModelSpecs.load(CONFIGS.resolve("deepseek-v2-lite.json"));
        assertEquals(512, ds.mla().kvLoraRank());
        assertEquals(1, ds.moe().leadingDenseLayers());
        ModelSpec llava = ModelSpecs.load(CONFIGS.resolve("llava-nested.json"));
        assertEquals(32, llava.layers());
        assertEquals("float16", llava.dtype());
    }

    @Test
    void missingFieldAndNonCausalConfigsAreNamedInTheError() {
        ModelSpecException missing = assertThrows(ModelSpecException.class,
                () -> ModelSpecs.load(CONFIGS.resolve("missing-layers.json")));
        assertTrue(missing.getMessage().contains("num_hidden_layers"), missing.getMessage());
        ModelSpecException bert = assertThrows(ModelSpecException.class,
                () -> ModelSpecs.load(CONFIGS.resolve("bert-not-causal.json")));
        assertTrue(bert.getMessage().contains("architectures"), bert.getMessage());
    }

    @Test
    void awqWeightsCountScalesZerosAndFullPrecisionEmbeddings() throws Exception {
        ModelSpec awq = ModelSpecs.load(CONFIGS.resolve("llama3-8b-awq.json"));
        ParameterCounter.Breakdown p = ParameterCounter.breakdown(awq);
        long linear = p.linear();
        long expected = linear / 2 + linear / 128 * (2 + 0) + linear / 128 / 2 + (p.embedding() + p.lmHead() + p.other()) * 2;
        assertEquals(expected, awq.weightBytes());
        // the public AWQ checkpoint of Llama-3-8B is 5.73 GB of safetensors
        assertEquals(5.73e9, awq.weightBytes(), 0.05e9);
    }

    @Test
    void safetensorsIndexAndHeadersGiveExactBytes(@TempDir Path dir) throws Exception {
        Files.copy(RUNS.resolve("llama2-7b-b8-256-256/config.json"), dir.resolve("config.json"));
        writeSafetensors(dir.resolve("model-00001.safetensors"),
                "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,12]},"
                        + "\"b\":{\"dtype\":\"F16\",\"shape\":[10],\"data_offsets\":[12,32]}}");
        ModelSpec fromHeaders = ModelSpecs.load(dir);
        assertEquals(32, fromHeaders.weightBytes());
        assertEquals(WeightSource.SAFETENSORS_HEADERS, fromHeaders.weightSource());
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\":{\"total_size\":13476839424},\"weight_map\":{}}");
        ModelSpec fromIndex = ModelSpecs.load(dir);
        assertEquals(13_476_839_424L, fromIndex.weightBytes());
        assertEquals(WeightSource.SAFETENSORS_INDEX, fromIndex.weightSource());
    }

    @Test
    void findsAModelInTheHuggingFaceCacheOffline(@TempDir Path home) throws Exception {
        Path repo = home.resolve("hub/models--meta-llama--Llama-2-7b-hf");
        Path snap = repo.resolve("snapshots/abc123");
        Files.createDirectories(snap);
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), "abc123\n");
        Files.copy(RUNS.resolve("llama2-7b-b8-256-256/config.json"), snap.resolve("config.json"));
        ModelSpec s = ModelSpecs.fromHfCache("meta-llama/Llama-2-7b-hf", Map.of("HF_HOME", home.toString()));
        assertEquals(6_738_415_616L, s.parameterCount());
        ModelSpecException absent = assertThrows(ModelSpecException.class,
                () -> ModelSpecs.fromHfCache("org/absent", Map.of("HF_HOME", home.toString())));
        assertTrue(absent.getMessage().contains("org/absent"));
    }

    private static void writeSafetensors(Path file, String header) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 32).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Files.write(file, b.array());
    }

    private static ModelSpecException refused(Path dir, String json) throws Exception {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        return assertThrows(ModelSpecException.class, () -> ModelSpecs.load(f));
    }

    private static final String LLAMA = "{\"architectures\":[\"LlamaForCausalLM\"],\"model_type\":\"llama\","
            + "\"hidden_size\":4096,\"intermediate_size\":11008,\"num_hidden_layers\":32,"
            + "\"num_attention_heads\":32,\"num_key_value_heads\":8,\"vocab_size\":32000";

    @Test
    void outOfRangeAndIndivisibleFieldsAreRefusedInOneLineNamingTheField(@TempDir Path dir) throws Exception {
        assertEquals(dir.resolve("config.json") + ": 'intermediate_size' is 1000000000000000, outside 1..67,108,864:"
                + " pass the model's own config.json",
                refused(dir, LLAMA.replace("11008", "1e15") + "}").getMessage());
        assertTrue(refused(dir, LLAMA.replace("\"num_hidden_layers\":32", "\"num_hidden_layers\":2147483647") + "}")
                .getMessage().contains("'num_hidden_layers' is 2147483647, outside 1..4,096"));
        assertTrue(refused(dir, LLAMA + ",\"head_dim\":-128}").getMessage().contains("'head_dim' is -128"));
        assertTrue(refused(dir, LLAMA.replace("\"num_key_value_heads\":8", "\"num_key_value_heads\":5") + "}")
                .getMessage().contains("num_attention_heads 32 is not a multiple of num_key_value_heads 5"));
        assertTrue(refused(dir, LLAMA.replace("11008", "11008.5") + "}").getMessage()
                .contains("'intermediate_size' is 11008.5, not a whole number"));
        String awq = LLAMA + ",\"quantization_config\":{\"quant_method\":\"awq\",\"bits\":%s,\"group_size\":128}}";
        assertTrue(refused(dir, String.format(awq, "-4")).getMessage().contains("quantization_config.bits is -4"));
        assertTrue(refused(dir, String.format(awq, "5")).getMessage().contains("quantization_config.bits is 5"));
        Files.writeString(dir.resolve("config.json"), String.format(awq, "4"));
        assertEquals(4, ModelSpecs.load(dir.resolve("config.json")).quantization().bits());
    }
}
