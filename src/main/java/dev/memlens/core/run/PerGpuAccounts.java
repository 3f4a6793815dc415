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
 * total follows the run's total, at the run's peak moment; on one GPU the run's items are that GPU's, on several only the items known per GPU are given, the rest
 * unknown; unattributed closes each GPU's sum.
 */
public final class PerGpuAccounts {
    private PerGpuAccounts() {
    }

    /**
     * @param totals      each GPU's total in the order of {@code gpus}, by the definition of the run's total (at the
     *                    run's peak moment: used memory less the baseline in launch modes; an attached server's
     *                    per-process memory, else used memory)
     * @param knownPerGpu per component, the item on each GPU in order, for the items known per GPU (several GPUs)
     */
    public static MemoryAccount attach(MemoryAccount run, GpuFigures gpus, List<Long> totals,
                                       Map<AccountComponent, List<AccountItem>> knownPerGpu) {
        if (run == null || !gpus.sampled()) {
            return run;
        }
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
            accounts.add(GpuAccount.closing(gpus.gpuIndexes().get(i), gpus.gpuUuids().get(i), totals.get(i), items));
        }
        return run.toBuilder().perGpu(accounts).build();
    }
}
