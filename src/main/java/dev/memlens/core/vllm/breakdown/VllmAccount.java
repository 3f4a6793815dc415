package dev.memlens.core.vllm.breakdown;

import dev.memlens.core.estimate.VllmVersions;

import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.GpuAccount;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.units.Bytes;
import dev.memlens.core.units.MemoryUnit;
import dev.memlens.core.vllm.log.KvCapacityKind;
import dev.memlens.core.vllm.log.MemoryKind;
import dev.memlens.core.vllm.log.RankMemory;
import dev.memlens.core.vllm.log.VllmStartupReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The memory account of a vLLM run, from every figure its start-up log gives and the GPU sampler's total.
 *
 * <p>Per item, summed over the ranks that logged memory figures: weights, activation peak, non-torch memory, the KV
 * pool and the CUDA graph pool's actual size are {@code measured} ({@code vllm-log}) when every rank logged them.
 * When the log gives the KV cache only in tokens ("GPU KV cache size: N tokens", vLLM 0.8.x) or blocks, its bytes
 * are {@code derived} from the model's config.json (tokens × KV bytes per token, blocks × block size × bytes per
 * token). What is left of the total is unattributed (CUDA context, allocator caches). vLLM's own budget
 * (utilisation × total memory) is reconciled in the details: over or under it by how much.
 */
public final class VllmAccount {
    private VllmAccount() {
    }

    /** KV bytes per token on one rank, from the model's config.json, with the formula and where the config was. */
    public record KvPerToken(long bytesPerTokenPerRank, int blockSize, String formula, String configSource) {
    }

    /** One sampled GPU: its engine share (its used memory at the run's peak moment − its baseline). */
    public record GpuShare(int index, String uuid, long engineBytes) {
    }

    /**
     * @param log         the parsed start-up log; null when there is none
     * @param total       what the engine held at the run's peak (simultaneous peak − baseline), null when not sampled
     * @param totalNote   how the total was measured
     * @param gpus        the sampled GPUs in rank order (empty when not sampled)
     * @param kv          KV bytes per token from config.json, null when the config is unknown
     */
    public static MemoryAccount assemble(VllmStartupReport log, Long total, String totalNote, List<GpuShare> gpus,
                                         KvPerToken kv) {
        List<RankMemory> ranks = log == null ? List.of()
                : log.ranks().stream().filter(VllmAccount::hasBytes).toList();
        boolean eager = log != null && log.engineConfig() != null && Boolean.TRUE.equals(log.engineConfig().enforceEager());
        MemoryAccount.Builder b = MemoryAccount.builder().total(total, FigureSource.GPU_SAMPLER, totalNote);
        List<AccountItem> runItems = items(ranks, eager, kv, ranks.size() == 1 ? "" : " (sum over " + ranks.size()
                + " ranks)");
        runItems.forEach(b::item);
        b.unattributedNote("the total minus every item: CUDA context, the caching allocator's free blocks, other"
                + " processes on these GPUs");
        budget(ranks, total, reservesGraphEstimate(log) && !activationsIncludeGraphEstimate(ranks), b);
        Long peakWithGraphs = activationsIncludeGraphEstimate(ranks) ? sum(ranks, RankMemory::activationPeakBytes) : null;
        if (peakWithGraphs != null) {
            b.detail("vllm_activation_peak_with_graph_estimate", new MeasuredFigure(peakWithGraphs, FigureSource.VLLM_LOG,
                    "the activation peak as logged, CUDA graph estimate included: "
                            + quote(ranks.get(0), MemoryKind.ACTIVATION_PEAK)));
        }
        if (!gpus.isEmpty()) {
            List<GpuAccount> perGpu = new ArrayList<>();
            boolean rankPerGpu = ranks.size() == gpus.size();
            for (int i = 0; i < gpus.size(); i++) {
                GpuShare g = gpus.get(i);
                // a rank per GPU keeps its logged figures on its GPU; otherwise they are the run's, not any one GPU's
                List<AccountItem> items = rankPerGpu ? items(List.of(ranks.get(i)), eager, kv, "")
                        : runItems.stream().map(item -> AccountItem.unknown(item.component(), item.isKnown()
                                ? "known for the run as a whole, not per GPU" : item.note())).toList();
                perGpu.add(GpuAccount.closing(g.index(), g.uuid(), g.engineBytes(), items));
            }
            b.perGpu(perGpu);
        }
        return b.build();
    }

    private static List<AccountItem> items(List<RankMemory> ranks, boolean eager, KvPerToken kv, String over) {
        List<AccountItem> items = new ArrayList<>();
        items.add(logged(AccountComponent.WEIGHTS, ranks, RankMemory::weightsBytes, MemoryKind.WEIGHTS, over));
        items.add(kvCache(ranks, kv, over));
        items.add(activations(ranks, eager, over));
        AccountItem graphs = logged(AccountComponent.CUDA_GRAPHS, ranks, RankMemory::cudaGraphBytes,
                MemoryKind.CUDA_GRAPH, over);
        if (!graphs.isKnown() && eager && !ranks.isEmpty()) {
            graphs = AccountItem.measured(AccountComponent.CUDA_GRAPHS, 0, FigureSource.VLLM_LOG,
                    "enforce_eager=True: vLLM captured no CUDA graphs");
        }
        items.add(graphs);
        items.add(logged(AccountComponent.NON_TORCH, ranks, RankMemory::nonTorchBytes, MemoryKind.NON_TORCH, over));
        return items;
    }

    /**
     * The logged activation peak, less the CUDA graph estimate where the peak includes it (v0.27+): the graph pool is
     * its own item, so counting the estimate in both would count graph memory twice. Without the estimate in the log
     * the activations alone are not known (the logged peak stays in the details).
     */
    private static AccountItem activations(List<RankMemory> ranks, boolean eager, String over) {
        AccountItem logged = logged(AccountComponent.ACTIVATIONS, ranks, RankMemory::activationPeakBytes,
                MemoryKind.ACTIVATION_PEAK, over);
        if (!logged.isKnown() || eager || !activationsIncludeGraphEstimate(ranks)) {
            return logged; // eager: no graphs, so no estimate inside the peak
        }
        Long estimate = sum(ranks, RankMemory::cudaGraphEstimatedBytes);
        if (estimate == null) {
            return AccountItem.unknown(AccountComponent.ACTIVATIONS, "vLLM's log gives the activation peak with its"
                    + " CUDA graph estimate inside (" + logged.note() + ") but not the estimate, so the activations"
                    + " alone are not known; the logged peak is in the details");
        }
        return AccountItem.derived(AccountComponent.ACTIVATIONS, logged.bytes() - estimate, FigureSource.VLLM_LOG,
                "derived: the logged activation peak (" + logged.note() + "), which includes the CUDA graph estimate"
                        + " since v0.27, − that estimate (" + quote(ranks.get(0), MemoryKind.CUDA_GRAPH_ESTIMATE) + ")"
                        + over);
    }

    private static boolean activationsIncludeGraphEstimate(List<RankMemory> ranks) {
        return !ranks.isEmpty() && ranks.stream().allMatch(RankMemory::activationPeakIncludesGraphEstimate);
    }

    private static AccountItem logged(AccountComponent c, List<RankMemory> ranks, Function<RankMemory, Long> field,
                                      MemoryKind kind, String over) {
        Long sum = sum(ranks, field);
        if (sum == null) {
            return AccountItem.unknown(c, ranks.isEmpty() ? "vLLM's log gives no memory figures"
                    : "vLLM's log does not give it");
        }
        return AccountItem.measured(c, sum, FigureSource.VLLM_LOG, quote(ranks.get(0), kind) + over);
    }

    /** The log line a figure came from, quoted: the note says where the number is, word for word. */
    private static String quote(RankMemory rank, Enum<?> figure) {
        String line = rank.quote(figure);
        return line == null ? "vLLM's log" : "vLLM's log: \"" + line + "\"";
    }

    private static AccountItem kvCache(List<RankMemory> ranks, KvPerToken kv, String over) {
        Long pool = sum(ranks, RankMemory::kvCacheBytes);
        if (pool != null) {
            return AccountItem.measured(AccountComponent.KV_CACHE, pool, FigureSource.VLLM_LOG,
                    quote(ranks.get(0), MemoryKind.KV_CACHE) + over);
        }
        if (ranks.isEmpty()) {
            return AccountItem.unknown(AccountComponent.KV_CACHE, "vLLM's log gives no memory figures");
        }
        RankMemory first = ranks.get(0);
        if (kv == null) {
            String counts = first.kvCacheTokens() != null ? first.kvCacheTokens() + " tokens"
                    : first.numGpuBlocks() != null ? first.numGpuBlocks() + " blocks" : null;
            return AccountItem.unknown(AccountComponent.KV_CACHE, counts == null ? "vLLM's log does not give it"
                    : "vLLM's log gives " + counts + " but not bytes, and the model's config.json was not found"
                    + " (pass --model a local directory or have it in the Hugging Face cache)");
        }
        int n = ranks.size();
        if (first.kvCacheTokens() != null) {
            long bytes = Math.multiplyExact(Math.multiplyExact(first.kvCacheTokens(), kv.bytesPerTokenPerRank()), n);
            return AccountItem.derived(AccountComponent.KV_CACHE, bytes, FigureSource.CONFIG, "derived: "
                    + first.kvCacheTokens() + " tokens (" + quote(first, KvCapacityKind.TOKENS) + ") × " + kv.bytesPerTokenPerRank()
                    + " bytes per token (" + kv.formula() + ", " + kv.configSource() + ")"
                    + (n > 1 ? " × " + n + " ranks" : ""));
        }
        if (first.numGpuBlocks() != null) {
            long perBlock = Math.multiplyExact((long) kv.blockSize(), kv.bytesPerTokenPerRank());
            long bytes = Math.multiplyExact(Math.multiplyExact(first.numGpuBlocks(), perBlock), n);
            return AccountItem.derived(AccountComponent.KV_CACHE, bytes, FigureSource.CONFIG, "derived: "
                    + first.numGpuBlocks() + " GPU blocks (vLLM's log) × " + kv.blockSize() + " tokens per block × "
                    + kv.bytesPerTokenPerRank() + " bytes per token (" + kv.formula() + ", " + kv.configSource() + ")"
                    + (n > 1 ? " × " + n + " ranks" : ""));
        }
        return AccountItem.unknown(AccountComponent.KV_CACHE, "vLLM's log gives neither the KV bytes nor its tokens or blocks");
    }

    /**
     * Version semantics, from {@link VllmVersions} (the one owner of them): CUDA graph memory profiling is on by
     * default since v0.21, so from then on vLLM sizes the KV pool after reserving its graph estimate; v0.19 logs the
     * estimate but reserves nothing for it. From the v0.27 wording on the reservation is inside the logged activation
     * peak (see {@link RankMemory#activationPeakIncludesGraphEstimate}), so the budget adds it only for the older
     * wording. A log without a readable version reserves nothing.
     */
    static boolean reservesGraphEstimate(VllmStartupReport log) {
        if (log == null || log.vllmVersion() == null) {
            return false;
        }
        return VllmVersions.find(log.vllmVersion()).map(VllmVersions.BudgetRules::graphsInBudget).orElse(false);
    }

    private static void budget(List<RankMemory> ranks, Long total, boolean withGraphEstimate, MemoryAccount.Builder b) {
        long requested = 0;
        long used = 0;
        for (RankMemory r : ranks) {
            if (r.gpuMemoryUtilization() == null || r.totalGpuMemoryBytes() == null || r.weightsBytes() == null
                    || r.activationPeakBytes() == null || r.nonTorchBytes() == null || r.kvCacheBytes() == null) {
                return;
            }
            requested += Math.round(r.gpuMemoryUtilization() * r.totalGpuMemoryBytes());
            // since v0.21 vLLM reserves its CUDA graph estimate inside the budget before sizing the KV pool
            used += r.weightsBytes() + r.activationPeakBytes() + r.nonTorchBytes() + r.kvCacheBytes()
                    + (withGraphEstimate && r.cudaGraphEstimatedBytes() != null ? r.cudaGraphEstimatedBytes() : 0);
        }
        if (ranks.isEmpty()) {
            return;
        }
        long diff = used - requested;
        b.detail(EngineBudget.REQUESTED_DETAIL, new MeasuredFigure(requested, FigureSource.VLLM_LOG,
                "gpu_memory_utilization × total GPU memory, as vLLM computes its budget"));
        b.detail("vllm_budget_used", new MeasuredFigure(used, FigureSource.VLLM_LOG,
                "weights + activation peak + non-torch + KV pool" + (withGraphEstimate ? " + the CUDA graph estimate"
                        + " (reserved since v0.21)" : activationsIncludeGraphEstimate(ranks) ? " (the activation peak"
                        + " includes the CUDA graph estimate)" : "") + ", as vLLM's log gives them; "
                        + (diff > 0 ? "over" : "under") + " the budget by " + Bytes.format(Math.abs(diff), MemoryUnit.GIB)));
        if (total != null) {
            long off = total - requested;
            b.detail("vllm_budget_vs_measured", new MeasuredFigure(off, FigureSource.GPU_SAMPLER,
                    "the measured total is " + (off > 0 ? "over" : "under") + " vLLM's budget by "
                            + Bytes.format(Math.abs(off), MemoryUnit.GIB)));
        }
    }

    private static Long sum(List<RankMemory> ranks, Function<RankMemory, Long> field) {
        if (ranks.isEmpty()) {
            return null;
        }
        long sum = 0;
        for (RankMemory r : ranks) {
            Long v = field.apply(r);
            if (v == null) {
                return null;
            }
            sum += v;
        }
        return sum;
    }

    private static boolean hasBytes(RankMemory r) {
        return r.weightsBytes() != null || r.kvCacheBytes() != null || r.activationPeakBytes() != null
                || r.nonTorchBytes() != null || r.cudaGraphBytes() != null || r.kvCacheTokens() != null
                || r.numGpuBlocks() != null;
    }
}
