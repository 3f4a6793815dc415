package dev.memlens.core.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.estimate.CachingAllocatorSimulator.Block;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ModelSpecs;
import dev.memlens.core.units.Bytes;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mechanism-level figures behind the transformers rule, pinned so that a regression shows: the memory outside
 * torch's allocator (from the H200 probe and the runs' end marks), the cuBLAS workspace, the caching allocator's
 * rounding and segment sizes (both pools), sliding layers' window-sized cache, fused projection weights, and the
 * fp32 scores generate keeps alive across a decode step.
 */
class TransformersMechanismsTest {
    private static final Path PROBE = Path.of("src/test/resources/estimate/probe/non-torch-memory.json");

    @Test
    void theContextOutsideTorchIsTheProbedDriverContextTorchRuntimeAndLazyKernels() throws Exception {
        JsonNode marks = new ObjectMapper().readTree(PROBE.toFile()).path("marks");
        // cudaMemGetInfo creates the primary context; torch's first kernel then loads its own modules
        assertEquals(TransformersRule.DRIVER_CONTEXT_BYTES, marks.get(0).path("used").asLong() / Bytes.MIB * Bytes.MIB);
        assertEquals(TransformersRule.TORCH_RUNTIME_BYTES,
                (marks.get(1).path("used").asLong() - marks.get(0).path("used").asLong()) / Bytes.MIB * Bytes.MIB);
        assertEquals(707 * Bytes.MIB, TransformersRule.CUDA_CONTEXT_BYTES);
        // at the end of generate, nvidia-smi − memory_reserved is that figure on most of the recorded runs
        List<Long> gaps = new ArrayList<>();
        for (MeasuredRun run : MeasuredRun.all()) {
            if (run.reservedAtEndBytes() != null && run.reservedAtEndBytes() > 0) {
                gaps.add((run.smiPeakBytes() - run.reservedAtEndBytes()) / Bytes.MIB);
            }
        }
        gaps.sort(Long::compare);
        assertEquals(707, gaps.get(gaps.size() / 2), "median nvidia-smi − reserved over the runs, MiB: " + gaps);
    }

    @Test
    void cublasWorkspaceIsHoppersDefaultThroughTheAllocator() throws Exception {
        // CUBLAS_WORKSPACE_CONFIG default on sm90, :4096:8, taken through torch's allocator at the rotary embedding's
        // matmul: 33,554,432 B in every recorded trace. The 512 B more assumed before put it in a 34 MiB segment of
        // its own and moved every later block: Gemma-2-2B b2 8192 came out 288 MiB (+3.9 %) high
        assertEquals(32 * Bytes.MIB, GenerateAllocationTrace.CUBLAS_WORKSPACE_BYTES);
        for (String trace : List.of("llama2-13b-fp16-b4-1024-3", "gemma3-1b-bf16-b2-8192-3", "gemma2-2b-bf16-b2-8192-3")) {
            assertTrue(Files.readAllLines(Path.of("src/test/resources/estimate/traces/" + trace + ".txt")).stream()
                    .anyMatch(l -> l.startsWith("A ") && l.endsWith(" 33554432")), trace);
        }
    }

    private static long allocatorStat(MeasuredRun run, String key) throws Exception {
        return new ObjectMapper().readTree(run.dir().resolve("run.json").toFile()).path("allocator_stats").path(key).asLong();
    }

    @Test
    void cachingAllocatorRoundsRequestsAndSizesSegmentsAsPyTorchDoes() {
        CachingAllocatorSimulator a = new CachingAllocatorSimulator();
        Block mid = a.malloc(Bytes.MIB + 1);
        assertEquals(Bytes.MIB + 512, a.allocated(), "rounded up to 512 B");
        assertEquals(20 * Bytes.MIB, a.reserved(), "1–10 MiB requests get a 20 MiB segment");
        CachingAllocatorSimulator exact = new CachingAllocatorSimulator();
        exact.malloc(10 * Bytes.MIB);
        assertEquals(10 * Bytes.MIB, exact.reserved(), "10 MiB itself is rounded to 2 MiB, not given 20 (size < kMinLargeAlloc)");
        Block reuse = a.malloc(5 * Bytes.MIB);
        assertEquals(20 * Bytes.MIB, a.reserved(), "split from the free rest of that segment");
        a.malloc(15 * Bytes.MIB + 1);
        assertEquals(20 * Bytes.MIB + 16 * Bytes.MIB, a.reserved(), "above 10 MiB: the request rounded up to 2 MiB");
        assertEquals(Bytes.MIB + 512 + 5 * Bytes.MIB + 16 * Bytes.MIB, a.allocated(),
                "a rest of 1 MiB or less is not split off: the block keeps it");
        a.free(mid);
        a.free(reuse);
        a.malloc(19 * Bytes.MIB);
        assertEquals(36 * Bytes.MIB, a.reserved(), "freed neighbours merge and are reused before a new segment");
        a.malloc(2 * Bytes.MIB);
        assertEquals(56 * Bytes.MIB, a.reserved(), "the merged block's 1 MiB rest stayed in it: a new segment");
        assertEquals(0, a.smallPoolReserved());
    }

    @Test
    void smallPoolServesRequestsOfOneMibOrLessFromTwoMibSegments() {
        // Gemma-3-1B's k_proj and v_proj (1 KV head × 256 × 1,152 × 2 B = 576 KiB): three to a 2 MiB segment, so
        // its 52 fill 18 segments, the 36 MiB the recorded trace shows in the small pool once the weights are loaded
        CachingAllocatorSimulator a = new CachingAllocatorSimulator();
        for (int i = 0; i < 3; i++) {
            a.malloc(576 * 1024);
        }
        assertEquals(CachingAllocatorSimulator.SMALL_BUFFER, a.reserved(), "three 576 KiB blocks share one segment");
        Block fourth = a.malloc(576 * 1024);
        assertEquals(2 * CachingAllocatorSimulator.SMALL_BUFFER, a.smallPoolReserved(), "the fourth needs a second");
        Block exactlyOneMib = a.malloc(Bytes.MIB);
        assertEquals(2 * CachingAllocatorSimulator.SMALL_BUFFER, a.reserved(), "1 MiB (kSmallSize) is small: split from it");
        a.free(fourth);
        a.free(exactlyOneMib);
        a.malloc(1000);
        assertEquals(2 * CachingAllocatorSimulator.SMALL_BUFFER, a.reserved(), "freed small blocks are reused");
        assertEquals(3 * 576 * 1024 + 1024, a.allocated(), "small requests round up to 512 B too");
        a.malloc(Bytes.MIB + 1);
        assertEquals(2 * CachingAllocatorSimulator.SMALL_BUFFER, a.smallPoolReserved(), "over 1 MiB: the large pool");
    }

    @Test
    void slidingLayersKeepOnlyTheWindowFromTheFirstDecodeStepInTheSmallPool() throws Exception {
        // Gemma-3-1B b4 4096 (trace diag3.txt): DynamicSlidingWindowLayer concatenates its last 511 tokens with the
        // new one, so from the first decode step each of the 22 sliding layers holds K and V of 512 tokens,
        // 4 × 512 × 256 × 2 B = 1 MiB each: 44 small-pool blocks, 22 segments, on top of the weights' 18
        ModelSpec gemma3 = ModelSpecs.load(Path.of("src/test/resources/estimate/runs/gemma3-1b-bf16-b4-4096-64/config.json"));
        assertEquals(512, GenerateAllocationTrace.cachedTokens(gemma3, 0, 4097), "a sliding layer keeps the window");
        assertEquals(4097, GenerateAllocationTrace.cachedTokens(gemma3, 5, 4097), "every sixth layer keeps all");
        assertEquals(300, GenerateAllocationTrace.cachedTokens(gemma3, 0, 300), "a window not yet full keeps all");
        GenerateAllocationTrace.Result oneStep = GenerateAllocationTrace.run(gemma3, 4, 4096, 2, 1, 200, 2, 2);
        assertEquals((18 + 22) * CachingAllocatorSimulator.SMALL_BUFFER, oneStep.smallPoolReserved());
        // memory_reserved after the first decode step in the trace (large pool 3,758,096,384 + small 80 MiB);
        // without the small pool the replay was 80 MiB (2.2 % of the run's peak) low
        assertEquals(3_841_982_464L, oneStep.peakReserved());
        // from the second step each sliding layer's new K and V exist before its old ones go (both concatenated
        // first), so the first layer needs a 41st segment: the whole run's small-pool peak, 82 MiB, to the byte
        MeasuredRun b4 = MeasuredRun.read(Path.of("src/test/resources/estimate/runs/gemma3-1b-bf16-b4-4096-64"));
        GenerateAllocationTrace.Result whole = GenerateAllocationTrace.run(gemma3, 4, 4096, 64, 1, 200, 2, 2);
        assertEquals(allocatorStat(b4, "reserved_bytes.small_pool.peak"), whole.smallPoolReserved());
        assertEquals(allocatorStat(b4, "reserved_bytes.large_pool.peak"), whole.peakReserved() - whole.smallPoolReserved());
        // Gemma-3-1B b8 2048: the window's K/V (2 MiB) are large-pool blocks; only the weights' 36 MiB are small,
        // and the replay gives the run's memory_reserved to the byte
        MeasuredRun b8 = MeasuredRun.read(Path.of("src/test/resources/estimate/runs/gemma3-1b-bf16-b8-2048-128"));
        GenerateAllocationTrace.Result r = GenerateAllocationTrace.run(gemma3, 8, 2048, 128, 1, 200, 2, 2);
        assertEquals(18 * CachingAllocatorSimulator.SMALL_BUFFER, r.smallPoolReserved());
        assertEquals(b8.reservedAtEndBytes(), r.peakReserved());
    }

    @Test
    void theSlidingMaskIsBuiltOverPromptSquaredAndSdpaMakesItAdditive() throws Exception {
        // Four traces (Gemma-3-1B b2 8192 and b4 4096, Gemma-2-2B b4 4096, Mistral-7B b1 8192): sdpa_mask builds
        // the sliding-window mask over prompt × prompt positions (two bool tensors alive at once) before the batch's
        // mask, and in every sliding layer SDPA turns it into an additive batch × prompt × prompt mask in bf16 beside
        // its output; the flash layers allocate nothing more. With both, the replay's large pool is each traced
        // run's to the MiB, and also Gemma-3-1B b1 12288's (a held-out run, 7.3 % low before: a 288 MiB mask per
        // sliding layer where a 48 MiB "fp32 accumulator" had been assumed)
        for (String name : List.of("gemma3-1b-bf16-b2-8192-128", "gemma3-1b-bf16-b4-4096-64", "gemma2-2b-bf16-b4-4096-128",
                "mistral-7b-bf16-b1-8192-128", "gemma3-1b-bf16-b1-12288-64")) {
            MeasuredRun run = MeasuredRun.read(Path.of("src/test/resources/estimate/runs/" + name));
            ModelSpec spec = ModelSpecs.load(run.dir().resolve("config.json"));
            GenerateAllocationTrace.Result r = GenerateAllocationTrace.run(spec, run.batch(), run.inputLen(), run.outputLen(), 1, 200, 2, 2);
            long largePool = new ObjectMapper().readTree(run.dir().resolve("run.json").toFile())
                    .path("allocator_stats").path("reserved_bytes.large_pool.peak").asLong();
            assertEquals(largePool / Bytes.MIB, (r.peakReserved() - r.smallPoolReserved()) / Bytes.MIB, name);
        }
    }

    @Test
    void fusedProjectionsAreOneWeightTensorEach() throws Exception {
        // GPT-NeoX's query_key_value (2,048 × 6,144 × 2 B = 24 MiB) is one tensor in its own segment; replayed as
        // three 8 MiB tensors sharing 20 MiB segments, Pythia-1.4B's prefill reserved 142 MiB more than the run and
        // every Pythia run came out 1–2 % high. With one tensor the replay's large pool is the run's 5,450 MiB to the
        // byte (its small pool, 8 MiB, is 2 MiB above the replay's)
        MeasuredRun run = MeasuredRun.read(Path.of("src/test/resources/estimate/runs/pythia-1.4b-fp16-b4-2048-128"));
        ModelSpec pythia = ModelSpecs.load(run.dir().resolve("config.json"));
        GenerateAllocationTrace.Result r = GenerateAllocationTrace.run(pythia, 4, 2048, 128, 1, 200, 2, 2);
        assertEquals(5450 * Bytes.MIB, r.peakReserved() - r.smallPoolReserved());
        assertEquals(allocatorStat(run, "reserved_bytes.large_pool.peak"), r.peakReserved() - r.smallPoolReserved());
    }

    @Test
    void generateKeepsTheFp32ScoresAliveThroughTheNextForwardPass() throws Exception {
        // Llama-3.2-1B, batch 64: fp32 logits are 64 × 128,256 × 4 B = 31.3 MiB, alive while each step's K/V grow
        ModelSpec s = ModelSpecs.load(Path.of("src/test/resources/estimate/runs/llama3.2-1b-bf16-b64-256-512/config.json"));
        MeasuredRun run = MeasuredRun.read(Path.of("src/test/resources/estimate/runs/llama3.2-1b-bf16-b64-256-512"));
        GenerateAllocationTrace.Result r = GenerateAllocationTrace.run(s, 64, 256, 512, 1, 200, 2, 2);
        long largePool = new ObjectMapper().readTree(run.dir().resolve("run.json").toFile())
                .path("allocator_stats").path("reserved_bytes.large_pool.peak").asLong();
        double error = (double) (r.peakReserved() - r.smallPoolReserved() - largePool) / largePool;
        assertTrue(Math.abs(error) < 0.03, "large-pool reserved peak within 3 % of torch's (was −15 % without the live scores): " + error);
    }

    @Test
    void replayingRecordedTracesGivesTheirReservedBytesToTheByte() throws Exception {
        // Llama-2-13B b4 1024 (prefill + two decode steps: 1,470 MiB appear at the first one) and a 4-layer
        // Mixtral (batched_mm's gathered experts in decode); only with each new segment below the last does the
        // replay land on the recorded figures (the other order gives Llama-2-13B 812 MiB less at the decode step)
        // the two Gemma-3 long-prompt traces of this session (large pool only; their small pool is pinned above)
        // and the fifth session's: Gemma-2-2B b2 8192 and b8 1024, a 4-layer Phi-3-mini at b16 512
        for (String trace : List.of("llama2-13b-fp16-b4-1024-3", "mixtral-4layers-bf16-b4-1024-3",
                "gemma3-1b-bf16-b2-8192-3", "gemma3-1b-bf16-b4-4096-3", "gemma2-2b-bf16-b2-8192-3",
                "gemma2-2b-bf16-b8-1024-3", "phi3-mini-bf16-b16-512-5-L4")) {
            CachingAllocatorSimulator a = new CachingAllocatorSimulator();
            Map<String, Block> blocks = new HashMap<>();
            int marks = 0;
            for (String line : Files.readAllLines(Path.of("src/test/resources/estimate/traces/" + trace + ".txt"))) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "A" -> blocks.put(f[1], a.malloc(Long.parseLong(f[2])));
                    case "F" -> a.free(blocks.remove(f[1]));
                    case "M" -> {
                        assertEquals(Long.parseLong(f[2]), a.reserved(), trace + " at " + f[1]);
                        marks++;
                    }
                    default -> {
                    }
                }
            }
            assertTrue(marks >= 4, trace + ": the weights and at least three forward passes");
        }
    }

    @Test
    void slidingCacheLayersConcatenateKeysAndValuesBeforeEitherOldTensorGoes() throws Exception {
        // Phi-3-mini (sliding_window 2047, so every layer is a DynamicSlidingWindowLayer) b16 512+256, the whole
        // decode traced without stacks: full_key_states and full_value_states are both concatenated before self.keys
        // and self.values drop the old tensors, so each layer holds one more K-sized tensor (72 MiB at the last
        // step) than a DynamicLayer, which reassigns keys before it concatenates values. Replaying the trace gives
        // the run's large pool (20,208 MiB); so does the model replay, which was 518 MiB (2.5 %) low with the
        // DynamicLayer order
        MeasuredRun run = MeasuredRun.read(Path.of("src/test/resources/estimate/runs/phi3-mini-bf16-b16-512-256"));
        long measuredLarge = allocatorStat(run, "reserved_bytes.large_pool.peak");
        assertEquals(measuredLarge, replayedTracePeak("phi3-mini-bf16-b16-512-256-nostack"), "the recorded decode, replayed");
        ModelSpec phi3 = ModelSpecs.load(run.dir().resolve("config.json"));
        assertTrue(GenerateAllocationTrace.slidingCacheLayer(phi3, 7));
        GenerateAllocationTrace.Result r = GenerateAllocationTrace.run(phi3, 16, 512, 256, 1, 200, 2, 2);
        assertEquals(measuredLarge / Bytes.MIB, (r.peakReserved() - r.smallPoolReserved()) / Bytes.MIB, "the model, replayed");
        assertEquals(run.maxAllocatedBytes() / Bytes.MIB, r.peakAllocated() / Bytes.MIB, 2,
                "its allocated peak too (the norms' weights, in the small pool, are not replayed)");
    }

    @Test
    void theFifthSetsLongPhi3DecodeMissIsWhereTheDriverPlacesASegmentNotTheOpOrder() throws Exception {
        // Phi-3-mini b8 512+512 (fifth held-out set, +1.43 % as printed), its whole decode traced after the set was
        // opened: the recorded allocation sequence itself, replayed, reserves 264 MiB more than the run, exactly as
        // much as the model replay (theReplaysLargePoolIsEveryDenseRunsToTwoMib), so the ops are right and the
        // simulator's placement rule is what misses. The driver hands out falling addresses (the rule every other
        // trace follows), but here segment 226 of 397 came 3.5 GiB above the one before it, and best fit by address
        // then picks other blocks than "newest segment first" does. Pinned until the placement is modelled.
        MeasuredRun run = MeasuredRun.read(Path.of("src/test/resources/estimate/runs/phi3-mini-bf16-b8-512-512"));
        long measuredLarge = allocatorStat(run, "reserved_bytes.large_pool.peak");
        assertEquals(measuredLarge + 264 * Bytes.MIB, replayedTracePeak("phi3-mini-bf16-b8-512-512-nostack"));
    }

    /** Replays a gzipped compact trace ({@code A id bytes} / {@code F id}) and returns the simulator's reserved peak. */
    private static long replayedTracePeak(String trace) throws Exception {
        CachingAllocatorSimulator a = new CachingAllocatorSimulator();
        Map<String, Block> blocks = new HashMap<>();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
                Files.newInputStream(Path.of("src/test/resources/estimate/traces/" + trace + ".txt.gz")))))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(" ");
                if (f[0].equals("A")) {
                    blocks.put(f[1], a.malloc(Long.parseLong(f[2])));
                } else if (f[0].equals("F")) {
                    a.free(blocks.remove(f[1]));
                }
            }
        }
        return a.peakReserved();
    }

    @Test
    void theKvCacheOfASlidingWindowModelIsEachSlidingLayersWindow() throws Exception {
        // Gemma-2-2B b2 8192+64: its 13 sliding layers keep 4,096 tokens once the decode has started, its 13 full
        // ones all 8,255 (4 KV heads × 256 × 2 B per token and tensor); the whole prompt everywhere would be 1,676 MiB
        ModelSpec gemma2 = ModelSpecs.load(Path.of("src/test/resources/estimate/runs/gemma2-2b-bf16-b2-8192-64/config.json"));
        Estimate e = Estimator.estimate(gemma2, EstimateRequest.of(Engine.TRANSFORMERS, 2, 8192, 64));
        var kv = e.components().get(EstimateComponent.KV_CACHE);
        assertEquals(2L * 2 * (13 * 4096 + 13 * 8255) * 1024 * 2, kv.bytes());
        assertEquals(13, kv.inputs().get("sliding_window_layers"));
        assertTrue(kv.formula().contains("13 of 26 sliding-window layers hold min(tokens, 4096)"), kv.formula());
        // a prefill alone leaves the whole prompt in every layer (the sliding layers' view is not cut yet)
        Estimate prefillOnly = Estimator.estimate(gemma2, EstimateRequest.of(Engine.TRANSFORMERS, 2, 8192, 1));
        assertEquals(2L * 2 * 26 * 8192 * 1024 * 2, prefillOnly.bytes(EstimateComponent.KV_CACHE));
    }

    @Test
    void theReplaysLargePoolIsEveryDenseRunsToTwoMib() throws Exception {
        // every run with allocator statistics, MoE and MLA aside (their experts' weights are counted, not replayed):
        // the replay's large-pool peak (weights as held: parameters plus each replayed tensor's rounding) against
        // the run's reserved_bytes.large_pool.peak; the three that differ more are pinned at what they measure
        // (Phi-3-mini b8 512+512, a held-out run of the fifth set, is the long decode's fragmentation, not traced)
        Map<String, Long> pinnedMib = Map.of("pythia-2.8b-fp16-b16-1024-64", 20L, "qwen3-4b-bf16-b16-256-384", -22L,
                "phi3-mini-bf16-b8-512-512", 264L);
        int checked = 0;
        for (MeasuredRun run : MeasuredRun.all()) {
            JsonNode stats = new ObjectMapper().readTree(run.dir().resolve("run.json").toFile()).path("allocator_stats");
            ModelSpec spec = ModelSpecs.load(run.dir().resolve("config.json"));
            if (stats.isMissingNode() || spec.isMoe() || run.name().startsWith("qwen2.5-0.5b-b16")) {
                continue;
            }
            Estimate e = TransformersAccuracyTest.estimate(run);
            long replayedLarge = ((Number) e.components().get(EstimateComponent.OTHER).inputs().get("replayed_reserved_peak")).longValue()
                    - ((Number) e.components().get(EstimateComponent.OTHER).inputs().get("replayed_small_pool")).longValue();
            long diffMib = Math.round((replayedLarge - stats.path("reserved_bytes.large_pool.peak").asLong()) / (double) Bytes.MIB);
            if (pinnedMib.containsKey(run.name())) {
                assertEquals(pinnedMib.get(run.name()), diffMib, run.name());
            } else {
                assertTrue(Math.abs(diffMib) <= 2, run.name() + ": replayed large pool off by " + diffMib + " MiB");
            }
            checked++;
        }
        assertEquals(58, checked);
    }

    @Test
    void decodeGathersEveryTokensExpertWeightsThroughBatchedMm() throws Exception {
        // Mixtral-8x7B, batch 4, top-2: gate_up_proj[expert_ids] is 8 × 28,672 × 4,096 × 2 B = 1,792 MiB and
        // down_proj[expert_ids] 896 MiB, both alive, in every MoE layer of every decode step (the recorded trace's
        // figures); the old replay missed the 2.6 GiB and Mixtral came out 3.6 % low
        ModelSpec mixtral = ModelSpecs.load(Path.of("src/test/resources/estimate/runs/mixtral-8x7b-bf16-b4-1024-128/config.json"));
        CachingAllocatorSimulator a = new CachingAllocatorSimulator();
        assertEquals((1792 + 896) * Bytes.MIB, ExpertsReplay.decodeStep(a, mixtral, 4, 1, 200));
        assertEquals((1792 + 896) * Bytes.MIB, a.reserved());
        assertEquals(0, a.allocated(), "freed once the layer's experts ran");
    }

    @Test
    void theSafetyMarginIsTheReplaysSpreadAndShowsInTheFormula() throws Exception {
        ModelSpec s = ModelSpecs.load(Path.of("src/test/resources/estimate/runs/llama3-8b-bf16-b4-2048-128/config.json"));
        Estimate e = Estimator.estimate(s, EstimateRequest.of(Engine.TRANSFORMERS, 4, 2048, 128));
        var other = e.components().get(EstimateComponent.OTHER);
        long replayed = ((Number) other.inputs().get("replayed_reserved_peak")).longValue();
        long margin = ((Number) other.inputs().get("safety_margin")).longValue();
        assertEquals(replayed * TransformersRule.SAFETY_MARGIN_PER_MILLE / 1000, margin);
        assertEquals(TransformersRule.CUDA_CONTEXT_BYTES + replayed + margin, e.peakBytes());
        assertTrue(e.peak().formula().contains("× 1.003 safety margin"), e.peak().formula());
        assertTrue(other.formula().contains("safety margin 0.3 %"), other.formula());
    }

    @Test
    void theMarginIsOneStandardDeviationOfTheReplaysErrorOnTheTuneAndEarlierHeldOutRunsRoundedUp() throws Exception {
        // the rule the margin was set by, re-applied: if the replay's spread on those 27 runs moves past a tenth of
        // a percent, the margin must be re-derived (and said so in docs/ACCURACY.md), not left stale
        List<Double> errors = new ArrayList<>();
        for (MeasuredRun run : MeasuredRun.all()) {
            if (run.set().equals("tune") || run.set().equals("check")) {
                Estimate e = TransformersAccuracyTest.estimate(run);
                long margin = ((Number) e.components().get(EstimateComponent.OTHER).inputs().get("safety_margin")).longValue();
                errors.add((double) (e.peakBytes() - margin - run.smiPeakBytes()) / run.smiPeakBytes());
            }
        }
        assertEquals(27, errors.size());
        double mean = errors.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sd = Math.sqrt(errors.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (errors.size() - 1));
        assertEquals(0.0026, sd, 0.0005, "the replay's spread on the tune and earlier held-out runs");
        assertEquals((long) Math.ceil(sd * 1000), TransformersRule.SAFETY_MARGIN_PER_MILLE);
    }
}
