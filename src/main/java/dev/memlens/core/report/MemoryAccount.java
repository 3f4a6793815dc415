package dev.memlens.core.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a run's memory went: {@code totalBytes} is what the engine held at the run's peak (see {@link RunPeak}),
 * the items say which part is what, of which kind and from which source. The items' known bytes add up to the total
 * exactly: {@link AccountComponent#UNATTRIBUTED} closes the sum and is negative when the parts exceed the whole (an
 * inconsistency the views show). Without a total there is no unattributed item and nothing to close.
 *
 * <p>{@code details} are reference figures that are not parts of the sum (vLLM's budget, KV tokens, the allocator's
 * peak...). Build one with {@link #builder()}.
 */
public record MemoryAccount(Long totalBytes, FigureSource totalSource, String totalNote, Long peakBytes,
                            Long baselineBytes, List<AccountItem> items, List<GpuAccount> perGpu,
                            Map<String, MeasuredFigure> details) {
    private static final MemoryAccount EMPTY = builder().build();

    public MemoryAccount {
        items = List.copyOf(items);
        perGpu = perGpu == null ? List.of() : List.copyOf(perGpu);
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        totalNote = totalNote == null ? "" : totalNote;
        checkSum(totalBytes, items, "the account");
    }

    static void checkSum(Long total, List<AccountItem> items, String what) {
        if (total == null) {
            return;
        }
        long sum = 0;
        for (AccountItem i : items) {
            if (i.bytes() != null) {
                sum = Math.addExact(sum, i.bytes());
            }
        }
        if (sum != total) {
            throw new IllegalArgumentException(what + ": the items add up to " + sum + " bytes, not the total " + total);
        }
    }

    public static MemoryAccount empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The account when only the GPU sampler measured: the engine's footprint at the run's peak, every part of it
     * unattributed.
     */
    public static MemoryAccount samplerOnly(RunPeak peak, String note) {
        Long increase = peak.increaseBytes();
        if (increase == null) {
            return EMPTY;
        }
        return builder().total(Math.max(0, increase), FigureSource.GPU_SAMPLER, note).peak(peak.peakBytes())
                .baseline(peak.baselineBytes()).unattributedNote("nothing but the GPU sampler measured this run").build();
    }

    public Optional<AccountItem> item(AccountComponent c) {
        return items.stream().filter(i -> i.component() == c).findFirst();
    }

    /** The bytes of a component, or null when it is unknown or absent. */
    public Long bytes(AccountComponent c) {
        return item(c).map(AccountItem::bytes).orElse(null);
    }

    public boolean isEmpty() {
        return totalBytes == null && items.isEmpty();
    }

    /** The parts exceed the whole: the unattributed item is negative. */
    public boolean isInconsistent() {
        Long u = bytes(AccountComponent.UNATTRIBUTED);
        return u != null && u < 0;
    }

    /**
     * The calculator's four components as the seed scripts defined them: weights, KV cache and activations as
     * accounted, framework overhead = everything else (total minus the other three). A component is absent when it
     * is unknown; overhead is absent unless the total and the other three are known.
     */
    public Map<MemoryComponent, Long> calculatorComponents() {
        Map<MemoryComponent, Long> out = new EnumMap<>(MemoryComponent.class);
        putIfKnown(out, MemoryComponent.WEIGHTS, bytes(AccountComponent.WEIGHTS));
        putIfKnown(out, MemoryComponent.KV_CACHE, bytes(AccountComponent.KV_CACHE));
        putIfKnown(out, MemoryComponent.ACTIVATIONS, bytes(AccountComponent.ACTIVATIONS));
        if (totalBytes != null && out.size() == 3) {
            out.put(MemoryComponent.FRAMEWORK_OVERHEAD, totalBytes - out.values().stream().mapToLong(Long::longValue).sum());
        }
        return out;
    }

    /**
     * The heights of a stacked bar of the account in the calculator's four components: the known ones, and as
     * framework overhead everything else of the total (unknown components included), so the bar reaches the total.
     */
    public Map<MemoryComponent, Long> barComponents() {
        Map<MemoryComponent, Long> out = calculatorComponents();
        if (totalBytes != null && !out.containsKey(MemoryComponent.FRAMEWORK_OVERHEAD)) {
            out.put(MemoryComponent.FRAMEWORK_OVERHEAD, totalBytes - out.values().stream().mapToLong(Long::longValue).sum());
        }
        return out;
    }

    /** How the calculator component was measured: the weakest kind among the items it is made of. */
    public FigureKind calculatorKind(MemoryComponent c) {
        if (!calculatorComponents().containsKey(c)) {
            return FigureKind.UNKNOWN;
        }
        FigureKind weakest = FigureKind.MEASURED;
        for (AccountItem i : items) {
            if (i.component().calculatorComponent() == c && i.isKnown() && i.kind().ordinal() > weakest.ordinal()) {
                weakest = i.kind();
            }
        }
        return weakest;
    }

    /** The sources of the items the calculator component is made of, e.g. "vllm-log" or "vllm-log + residual". */
    public String calculatorSources(MemoryComponent c) {
        List<String> tags = new ArrayList<>();
        for (AccountItem i : items) {
            if (i.component().calculatorComponent() == c && i.isKnown() && (i.bytes() != 0 || c != MemoryComponent.FRAMEWORK_OVERHEAD)
                    && !tags.contains(i.source().tag())) {
                tags.add(i.source().tag());
            }
        }
        return tags.isEmpty() ? (calculatorComponents().containsKey(c) ? FigureSource.RESIDUAL.tag() : "not measured")
                : String.join(" + ", tags);
    }

    private static void putIfKnown(Map<MemoryComponent, Long> out, MemoryComponent c, Long v) {
        if (v != null) {
            out.put(c, v);
        }
    }

    public Builder toBuilder() {
        Builder b = new Builder().total(totalBytes, totalSource, totalNote).peak(peakBytes).baseline(baselineBytes)
                .perGpu(perGpu);
        items.stream().filter(i -> i.component() != AccountComponent.UNATTRIBUTED).forEach(b::item);
        item(AccountComponent.UNATTRIBUTED).ifPresent(u -> b.unattributedNote(u.note()));
        details.forEach(b::detail);
        return b;
    }

    /** Collects items; {@link #build()} adds the unattributed item that closes the sum. */
    public static final class Builder {
        private Long total;
        private FigureSource totalSource;
        private String totalNote;
        private Long peak;
        private Long baseline;
        private final Map<AccountComponent, AccountItem> items = new EnumMap<>(AccountComponent.class);
        private List<GpuAccount> perGpu = List.of();
        private final Map<String, MeasuredFigure> details = new LinkedHashMap<>();
        private String unattributedNote;

        private Builder() {
        }

        public Builder total(Long bytes, FigureSource source, String note) {
            this.total = bytes;
            this.totalSource = bytes == null ? null : source;
            this.totalNote = note;
            return this;
        }

        /** The peak of the summed used memory the total was taken from (before the baseline is removed). */
        public Builder peak(Long bytes) {
            this.peak = bytes;
            return this;
        }

        public Builder baseline(Long bytes) {
            this.baseline = bytes;
            return this;
        }

        /** Adds or replaces the item of its component; an unattributed item given here is ignored (build closes). */
        public Builder item(AccountItem item) {
            if (item.component() != AccountComponent.UNATTRIBUTED) {
                items.put(item.component(), item);
            }
            return this;
        }

        public Builder measured(AccountComponent c, long bytes, FigureSource source, String note) {
            return item(AccountItem.measured(c, bytes, source, note));
        }

        public Builder derived(AccountComponent c, long bytes, FigureSource source, String note) {
            return item(AccountItem.derived(c, bytes, source, note));
        }

        public Builder unknown(AccountComponent c, String note) {
            return item(AccountItem.unknown(c, note));
        }

        public boolean has(AccountComponent c) {
            AccountItem i = items.get(c);
            return i != null && i.isKnown();
        }

        /** How the rest is explained; the list of unknown items it holds is added by {@link #build()}. */
        public Builder unattributedNote(String note) {
            this.unattributedNote = note == null ? null : baseNote(note);
            return this;
        }

        public Builder detail(String name, MeasuredFigure figure) {
            details.put(name, figure);
            return this;
        }

        public Builder perGpu(List<GpuAccount> accounts) {
            this.perGpu = accounts == null ? List.of() : accounts;
            return this;
        }

        public MemoryAccount build() {
            List<AccountItem> list = new ArrayList<>(items.values());
            if (total != null) {
                list.add(closing(total, list, unattributedNote));
            }
            return new MemoryAccount(total, totalSource, totalNote, peak, baseline, list, perGpu, details);
        }
    }

    /** The closing note without the list of unknown items it holds (rebuilt on every build). */
    private static String baseNote(String note) {
        int i = note.indexOf("; holds the unknown ");
        return i < 0 ? note : note.substring(0, i);
    }

    /** The unattributed item: the total minus the known items; its note names the unknown items it holds. */
    static AccountItem closing(long total, List<AccountItem> known, String note) {
        long sum = 0;
        List<String> unknown = new ArrayList<>();
        for (AccountItem i : known) {
            if (i.isKnown()) {
                sum = Math.addExact(sum, i.bytes());
            } else {
                unknown.add(i.component().tag());
            }
        }
        long rest = Math.subtractExact(total, sum);
        String why = note != null && !note.isEmpty() ? note : "the total minus every accounted item";
        if (!unknown.isEmpty() && !why.contains("; holds the unknown ")) {
            why += "; holds the unknown " + String.join(", ", unknown);
        }
        return AccountItem.residual(AccountComponent.UNATTRIBUTED, rest, why);
    }
}
