package dev.memlens.core.process;

import java.util.List;

/**
 * What a fresh look at a host found of the process trees MemLens ended there (cancel, timeout, lost connection).
 *
 * @param where       the host, for messages: "host gpu-box"
 * @param how         how it was looked at: "over a new ssh connection"
 * @param trees       how many ended trees were checked; 0: nothing to check
 * @param pids        the processes of those trees still running there, as pids on that host
 * @param killCommand the command that ends them, for the user to run; null when none run
 * @param error       why the host could not be checked, or null
 */
public record EndCheck(String where, String how, int trees, List<Long> pids, String killCommand, String error) {
    /** No tree was ended, so there is nothing to check. */
    public static final EndCheck NONE = new EndCheck("", "", 0, List.of(), null, null);

    public EndCheck {
        pids = List.copyOf(pids);
    }

    public boolean checked() {
        return trees > 0;
    }

    /** Checked, and nothing of the ended trees runs there any more. */
    public boolean clean() {
        return checked() && error == null && pids.isEmpty();
    }

    /** One line for the user and the report. */
    public String describe() {
        if (error != null) {
            return "could not check " + where + " for processes of the run left running (" + error + ")";
        }
        if (pids.isEmpty()) {
            return "checked " + how + ": nothing of the run is left running on " + where;
        }
        return pids.size() + " process(es) of the run still run on " + where + " (pid" + (pids.size() == 1 ? " " : "s ")
                + String.join(", ", pids.stream().map(String::valueOf).toList()) + "), checked " + how;
    }
}
