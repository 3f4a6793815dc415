package dev.memlens.cli;

import dev.memlens.core.report.HumanNames;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.PerGpuLines;
import dev.memlens.core.units.Format;
import dev.memlens.core.units.MemoryUnit;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The memory account as text lines, shared by the run summary and {@code compare --show-breakdown}. */
final class AccountLines {
    private AccountLines() {
    }

    static void print(PrintWriter out, MemoryAccount account, MemoryUnit unit, String indent) {
        for (AccountItem i : account.items()) {
            out.printf(Locale.ROOT, "%s%-40s %12s  %-8s %-15s %s%n", indent, i.component().displayName(),
                    Format.size(i.bytes(), unit), i.kind().tag(), i.source() == null ? "" : i.source().tag(),
                    shorten(i.note()));
        }
        if (account.totalBytes() != null) {
            out.printf(Locale.ROOT, "%s%-40s %12s  %-8s %-15s %s%n", indent, HumanNames.TOTAL, Format.size(account.totalBytes(), unit),
                    "measured", account.totalSource().tag(), shorten(account.totalNote()));
        } else {
            out.printf(Locale.ROOT, "%s%-40s %12s  %s%n", indent, HumanNames.TOTAL, Format.UNKNOWN, "not measured (no GPU samples)");
        }
        if (account.isInconsistent()) {
            out.println(indent + "INCONSISTENT: the parts exceed the measured total (unattributed is negative).");
        }
        List<String> perGpu = PerGpuLines.of(account, unit);
        if (!perGpu.isEmpty()) {
            out.println(indent + "Per GPU, at the run's peak:");
            perGpu.forEach(line -> out.println(indent + "  " + line));
        }
    }

    private static String shorten(String note) {
        return note.length() <= 110 ? note : note.substring(0, 107) + "...";
    }
}
