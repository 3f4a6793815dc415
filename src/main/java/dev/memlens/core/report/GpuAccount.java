package dev.memlens.core.report;

import java.util.ArrayList;
import java.util.List;

/** The account of one GPU of the run, in the same shape as the run's: its items add up to its total. */
public record GpuAccount(int index, String uuid, Long totalBytes, List<AccountItem> items) {
    public GpuAccount {
        items = List.copyOf(items);
        MemoryAccount.checkSum(totalBytes, items, "GPU " + index);
    }

    /** Closes the given items against the GPU's total with an unattributed item. */
    public static GpuAccount closing(int index, String uuid, Long totalBytes, List<AccountItem> known) {
        List<AccountItem> list = new ArrayList<>();
        known.stream().filter(i -> i.component() != AccountComponent.UNATTRIBUTED).forEach(list::add);
        if (totalBytes != null) {
            list.add(MemoryAccount.closing(totalBytes, list, null));
        }
        return new GpuAccount(index, uuid, totalBytes, list);
    }
}
