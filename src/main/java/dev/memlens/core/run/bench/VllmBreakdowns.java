package dev.memlens.core.run.bench;

import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryBreakdown;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.vllm.breakdown.BreakdownComponent;
import dev.memlens.core.vllm.breakdown.MeasuredBreakdown;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns vLLM's measured breakdown into the calculator's four components. Framework overhead is CUDA graphs +
 * non-torch memory + what the measured total holds beyond every component (CUDA context, allocator caches), so the
 * four add up to the total when all are known.
 */
public final class VllmBreakdowns {
    private VllmBreakdowns() {
    }

    public static MemoryBreakdown toReport(MeasuredBreakdown m, Long baselineBytes) {
        Map<MemoryComponent, MeasuredFigure> components = new EnumMap<>(MemoryComponent.class);
        copy(m, BreakdownComponent.WEIGHTS, MemoryComponent.WEIGHTS, components);
        copy(m, BreakdownComponent.KV_CACHE, MemoryComponent.KV_CACHE, components);
        copy(m, BreakdownComponent.ACTIVATIONS, MemoryComponent.ACTIVATIONS, components);
        MeasuredFigure graphs = m.components().get(BreakdownComponent.CUDA_GRAPHS);
        MeasuredFigure nonTorch = m.components().get(BreakdownComponent.NON_TORCH_OVERHEAD);
        boolean allKnown = m.components().size() == BreakdownComponent.values().length;
        if (graphs != null || nonTorch != null) {
            long bytes = 0;
            StringBuilder note = new StringBuilder();
            FigureSource source = null;
            for (MeasuredFigure f : new MeasuredFigure[] {graphs, nonTorch}) {
                if (f != null) {
                    bytes += f.bytes();
                    source = weaker(source, f.source());
                }
            }
            note.append("CUDA graphs ").append(graphs == null ? "?" : gib(graphs.bytes()))
                    .append(" + non-torch ").append(nonTorch == null ? "?" : gib(nonTorch.bytes()));
            if (allKnown && m.unattributed() != null && m.unattributed().bytes() > 0) {
                bytes += m.unattributed().bytes();
                source = weaker(source, FigureSource.RESIDUAL);
                note.append(" + rest of the measured total ").append(gib(m.unattributed().bytes()))
                        .append(" (CUDA context, allocator caches)");
            }
            components.put(MemoryComponent.FRAMEWORK_OVERHEAD, new MeasuredFigure(bytes, source, note.toString()));
        }
        Map<String, MeasuredFigure> details = new LinkedHashMap<>();
        if (graphs != null) {
            details.put("cuda_graphs", graphs);
        }
        if (nonTorch != null) {
            details.put("non_torch", nonTorch);
        }
        if (m.unattributed() != null) {
            details.put("unattributed", m.unattributed());
        }
        return new MemoryBreakdown(components, m.measuredTotal(), baselineBytes, details);
    }

    private static void copy(MeasuredBreakdown m, BreakdownComponent from, MemoryComponent to,
                             Map<MemoryComponent, MeasuredFigure> out) {
        MeasuredFigure f = m.components().get(from);
        if (f != null) {
            out.put(to, f);
        }
    }

    /** Exact sources first: a sum is only as exact as its least exact part. */
    private static FigureSource weaker(FigureSource a, FigureSource b) {
        if (a == null) {
            return b;
        }
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
