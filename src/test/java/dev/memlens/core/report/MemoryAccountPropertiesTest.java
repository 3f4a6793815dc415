package dev.memlens.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** The account's invariant over random item sets: the known items add up to the total, exactly, always. */
class MemoryAccountPropertiesTest {
    private static final long TIB = 1L << 40;

    @Provide
    Arbitrary<List<AccountItem>> items() {
        Arbitrary<AccountItem> item = Combinators.combine(
                Arbitraries.of(AccountComponent.values()).filter(c -> c != AccountComponent.UNATTRIBUTED),
                Arbitraries.longs().between(0, TIB), Arbitraries.of(FigureKind.values()),
                Arbitraries.of(FigureSource.VLLM_LOG, FigureSource.TORCH_ALLOCATOR, FigureSource.CONFIG,
                        FigureSource.GPU_SAMPLER))
                .as((c, bytes, kind, source) -> kind == FigureKind.UNKNOWN ? AccountItem.unknown(c, "not measured")
                        : kind == FigureKind.RESIDUAL ? AccountItem.residual(c, bytes, "rest")
                        : new AccountItem(c, bytes, kind, source, ""));
        return item.list().ofMaxSize(12);
    }

    private static MemoryAccount account(List<AccountItem> items, long total, String note) {
        MemoryAccount.Builder b = MemoryAccount.builder().total(total, FigureSource.GPU_SAMPLER, note);
        items.forEach(b::item);
        return b.build();
    }

    @Property(tries = 500)
    void theKnownItemsAddUpToTheTotalExactly(@ForAll("items") List<AccountItem> items,
                                            @ForAll @LongRange(min = 0, max = 8 * TIB) long total) {
        MemoryAccount a = account(items, total, "peak − baseline");
        long sum = a.items().stream().filter(AccountItem::isKnown).mapToLong(AccountItem::bytes).sum();
        assertEquals(total, sum);
        assertEquals(1, a.items().stream().filter(i -> i.component() == AccountComponent.UNATTRIBUTED).count());
        long known = a.items().stream().filter(i -> i.component() != AccountComponent.UNATTRIBUTED && i.isKnown())
                .mapToLong(AccountItem::bytes).sum();
        assertEquals(known > total, a.isInconsistent(), "a negative rest is flagged, not hidden");
        assertTrue(a.items().stream().filter(i -> !i.isKnown()).allMatch(i -> i.kind() == FigureKind.UNKNOWN),
                "unknown is never 0");
    }

    @Property(tries = 300)
    void theSeedsFourComponentsAddUpToTheTotalWhenTheyAreKnown(@ForAll("items") List<AccountItem> items,
                                                              @ForAll @LongRange(min = 0, max = 8 * TIB) long total) {
        MemoryAccount a = account(items, total, "");
        Map<MemoryComponent, Long> four = a.calculatorComponents();
        if (four.size() == MemoryComponent.values().length) {
            assertEquals(total, four.values().stream().mapToLong(Long::longValue).sum());
        } else {
            assertTrue(!four.containsKey(MemoryComponent.FRAMEWORK_OVERHEAD), "overhead needs the other three");
        }
        assertEquals(total, a.barComponents().values().stream().mapToLong(Long::longValue).sum(),
                "the bar reaches the total");
    }

    @Property(tries = 200)
    void rebuildingFromABuilderKeepsTheAccount(@ForAll("items") List<AccountItem> items,
                                               @ForAll @LongRange(min = 0, max = 8 * TIB) long total) {
        MemoryAccount a = account(items, total, "n").toBuilder().baseline(7L).build();
        assertEquals(a, a.toBuilder().build());
    }
}
