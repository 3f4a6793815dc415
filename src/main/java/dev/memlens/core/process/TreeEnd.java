package dev.memlens.core.process;

/**
 * How ending a process tree went.
 *
 * @param processes  how many processes belonged to the tree when it was ended
 * @param killed     how many ignored SIGTERM for the grace period and got SIGKILL
 * @param survivors  how many were still listed after SIGKILL (0 unless the system refused)
 */
public record TreeEnd(int processes, int killed, int survivors, String graceText) {
    /** For a result message: "; its 3 process(es) ended on SIGTERM". */
    public String note() {
        if (killed == 0) {
            return "; its " + processes + " process(es) ended on SIGTERM";
        }
        String note = "; " + killed + " of " + processes + " process(es) ignored SIGTERM for " + graceText
                + " and were killed";
        return survivors == 0 ? note : note + " (" + survivors + " still listed after SIGKILL)";
    }
}
