package dev.memlens.core.run;

import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.GpuAccount;
import dev.memlens.core.report.MemoryAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The per-GPU accounts of a run whose figures are not logged per GPU (transformers, an attached server): each GPU's
 * total is its used memory at the run's peak moment (less its own baseline where the run's total is less the
 * baseline); on one GPU the run's items are that GPU's, on several only the items known per GPU are given, the rest
 * unknown; unattributed closes each GPU's sum.
 */
public final class PerGpuAccounts {
    private PerGpuAccounts() {
    }

    /**
     * @param lessBaseline whether each GPU's total is less its baseline (launch modes) or not (an attached server)
     * @param knownPerGpu  per component, the bytes on each GPU in order, for the items known per GPU (several GPUs)
     * @param perGpuNote   the note of those items
     */
    public static MemoryAccount attach(MemoryAccount run, GpuFigures gpus, boolean lessBaseline,
                                       Map<AccountComponent, List<AccountItem>> knownPerGpu) {
        if (run == null || !gpus.sampled()) {
            return run;
        }
        List<Long> totals = lessBaseline ? gpus.increaseAtRunPeak() : gpus.usedAtRunPeakBytes();
        List<GpuAccount> accounts = new ArrayList<>();
        for (int i = 0; i < totals.size(); i++) {
            List<AccountItem> items = new ArrayList<>();
            for (AccountItem item : run.items()) {
                if (item.component() == AccountComponent.UNATTRIBUTED) {
                    continue;
                }
                List<AccountItem> perGpu = knownPerGpu.get(item.component());
                if (totals.size() == 1) {
                    items.add(item);
                } else if (perGpu != null && i < perGpu.size()) {
                    items.add(perGpu.get(i));
                } else {
                    items.add(AccountItem.unknown(item.component(), item.isKnown()
                            ? "known for the run as a whole, not per GPU" : item.note()));
                }
            }
            accounts.add(GpuAccount.closing(i, null, totals.get(i), items));
        }
        return run.toBuilder().perGpu(accounts).build();
    }
}
