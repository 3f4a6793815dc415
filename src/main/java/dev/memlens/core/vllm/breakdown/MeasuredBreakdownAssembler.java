package dev.memlens.core.vllm.breakdown;

import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.units.Bytes;
import dev.memlens.core.units.MemoryUnit;
import dev.memlens.core.vllm.log.RankMemory;
import dev.memlens.core.vllm.log.VllmStartupReport;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the measured breakdown of a vLLM run from what vLLM logged, the GPU sampler's peaks and the formulas.
 *
 * <p>The rule, per component (weights, KV cache, activations, CUDA graphs, non-torch overhead), totals over GPUs:
 * <ol>
 *   <li><b>vLLM log</b> ({@link FigureSource#VLLM_LOG}): if every rank that logged memory figures logged this one,
 *       the sum over ranks. The KV cache is the allocated pool, CUDA graphs the measured capture size (0 when the
 *       engine config says enforce_eager=True).</li>
 *   <li><b>Formula</b> ({@link FigureSource#FORMULA}): otherwise the caller's formula figure, if it has one.</li>
 *   <li><b>Residual</b> ({@link FigureSource#RESIDUAL}): otherwise, if the measured total (sum of the per-GPU
 *       nvidia-smi peaks) is known and this is the <em>only</em> component still missing, the total minus all the
 *       others (never below 0). When several components are missing none is guessed: the remainder goes to
 *       {@link MeasuredBreakdown#unattributed()} and the components stay unknown.</li>
 * </ol>
 * With every component known, {@code unattributed} is what the total holds beyond them (CUDA context, which vLLM's
 * non-torch figure does not include, allocator caches, other processes); with no measured total it is absent.
 */
public final class MeasuredBreakdownAssembler {
    private static final List<BreakdownComponent> ORDER = List.of(BreakdownComponent.values());

    private MeasuredBreakdownAssembler() {
    }

    /**
     * @param log                 the parsed start-up log; {@code null} if there is none
     * @param peakUsedBytesPerGpu peak used bytes of each GPU of the run (baseline already removed by the caller if
     *                            it wants); empty if not sampled
     * @param formulaBytes        formula figures, totals over GPUs, for any components the caller can compute
     */
    public static MeasuredBreakdown assemble(VllmStartupReport log, List<Long> peakUsedBytesPerGpu,
                                             Map<BreakdownComponent, Long> formulaBytes) {
        Map<BreakdownComponent, MeasuredFigure> out = new EnumMap<>(BreakdownComponent.class);
        List<RankMemory> ranks = log == null ? List.of() : log.ranks().stream().filter(MeasuredBreakdownAssembler::hasBytes).toList();
        for (BreakdownComponent c : ORDER) {
            MeasuredFigure fromLog = fromLog(c, ranks);
            if (fromLog == null && c == BreakdownComponent.CUDA_GRAPHS && !ranks.isEmpty() && enforcedEager(log)) {
                fromLog = new MeasuredFigure(0, FigureSource.VLLM_LOG, "enforce_eager=True: vLLM captured no CUDA graphs");
            }
            if (fromLog != null) {
                out.put(c, fromLog);
            } else if (formulaBytes != null && formulaBytes.get(c) != null) {
                out.put(c, new MeasuredFigure(formulaBytes.get(c), FigureSource.FORMULA, "computed from the model's architecture"));
            }
        }
        if (peakUsedBytesPerGpu == null || peakUsedBytesPerGpu.isEmpty()) {
            return new MeasuredBreakdown(out, null, null);
        }
        long total = peakUsedBytesPerGpu.stream().mapToLong(Long::longValue).sum();
        MeasuredFigure totalFigure = new MeasuredFigure(total, FigureSource.GPU_SAMPLER,
                "sum of the peak used memory of " + peakUsedBytesPerGpu.size() + " GPU(s)");
        long known = out.values().stream().mapToLong(MeasuredFigure::bytes).sum();
        long remainder = total - known;
        String overshoot = remainder < 0
                ? "; the components exceed the measured total by " + Bytes.format(-remainder, MemoryUnit.GIB) : "";
        List<BreakdownComponent> missing = ORDER.stream().filter(c -> !out.containsKey(c)).toList();
        if (missing.size() == 1) {
            out.put(missing.get(0), new MeasuredFigure(Math.max(0, remainder), FigureSource.RESIDUAL,
                    "measured total minus the other components (includes the CUDA context)" + overshoot));
            return new MeasuredBreakdown(out, totalFigure, new MeasuredFigure(0, FigureSource.RESIDUAL, "assigned to "
                    + missing.get(0).name().toLowerCase()));
        }
        String note = missing.isEmpty()
                ? "measured total beyond the components: CUDA context, allocator caches, other processes" + overshoot
                : "measured total minus the known components; holds the unknown " + names(missing) + overshoot;
        return new MeasuredBreakdown(out, totalFigure, new MeasuredFigure(Math.max(0, remainder), FigureSource.RESIDUAL, note));
    }

    private static MeasuredFigure fromLog(BreakdownComponent c, List<RankMemory> ranks) {
        if (ranks.isEmpty()) {
            return null;
        }
        Function<RankMemory, Long> field = switch (c) {
            case WEIGHTS -> RankMemory::weightsBytes;
            case KV_CACHE -> RankMemory::kvCacheBytes;
            case ACTIVATIONS -> RankMemory::activationPeakBytes;
            case CUDA_GRAPHS -> RankMemory::cudaGraphBytes;
            case NON_TORCH_OVERHEAD -> RankMemory::nonTorchBytes;
        };
        long sum = 0;
        for (RankMemory r : ranks) {
            Long v = field.apply(r);
            if (v == null) {
                return null;
            }
            sum += v;
        }
        return new MeasuredFigure(sum, FigureSource.VLLM_LOG, ranks.size() == 1
                ? "from vLLM's start-up log" : "sum over " + ranks.size() + " ranks of vLLM's start-up log");
    }

    private static boolean enforcedEager(VllmStartupReport log) {
        return log.engineConfig() != null && Boolean.TRUE.equals(log.engineConfig().enforceEager());
    }

    private static boolean hasBytes(RankMemory r) {
        return r.weightsBytes() != null || r.kvCacheBytes() != null || r.activationPeakBytes() != null
                || r.nonTorchBytes() != null || r.cudaGraphBytes() != null;
    }

    private static String names(List<BreakdownComponent> missing) {
        List<String> names = new ArrayList<>();
        missing.forEach(c -> names.add(c.name().toLowerCase().replace('_', ' ')));
        return String.join(", ", names);
    }
}
