package dev.memlens.core.report;

import dev.memlens.core.units.Format;
import dev.memlens.core.units.MemoryUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The per-GPU accounts as one line per GPU, the same words for the app, the CLI summary and the HTML report:
 * "GPU 1: 22.15 GiB = Model weights 1.50 GiB + KV cache 19.08 GiB + Unattributed 1.57 GiB; not known per GPU:
 * Activations". Only for runs on several GPUs: on one GPU its account is the run's.
 */
public final class PerGpuLines {
    private PerGpuLines() {
    }

    public static List<String> of(MemoryAccount account, MemoryUnit unit) {
        List<String> lines = new ArrayList<>();
        if (account == null || account.perGpu().size() < 2) {
            return lines;
        }
        for (GpuAccount g : account.perGpu()) {
            StringJoiner known = new StringJoiner(" + ");
            StringJoiner unknown = new StringJoiner(", ");
            for (AccountItem i : g.items()) {
                if (i.isKnown()) {
                    known.add(i.component().displayName() + " " + Format.size(i.bytes(), unit));
                } else {
                    unknown.add(i.component().displayName());
                }
            }
            String line = "GPU " + g.index() + ": " + Format.size(g.totalBytes(), unit);
            if (known.length() > 0) {
                line += " = " + known;
            }
            if (unknown.length() > 0) {
                line += "; not known per GPU: " + unknown;
            }
            lines.add(line);
        }
        return lines;
    }
}
