package dev.memlens.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While a run is in progress, SIGINT and SIGTERM cancel it (as the Cancel button does) instead of ending the JVM at
 * once, and the signal that did it decides the exit code: 130 for SIGINT, 143 for SIGTERM. A signal the process was
 * started with ignored (e.g. SIGINT under nohup) cannot be handled; the JVM then keeps its own behaviour for it.
 */
final class SignalCancel implements AutoCloseable {
    private final AtomicInteger exitCode = new AtomicInteger();
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    SignalCancel(Runnable cancel) {
        install("INT", ExitCodes.SIGINT, cancel);
        install("TERM", ExitCodes.SIGTERM, cancel);
    }

    private void install(String name, int code, Runnable cancel) {
        try {
            Signal signal = new Signal(name);
            SignalHandler old = Signal.handle(signal, s -> {
                exitCode.compareAndSet(0, code);
                cancel.run();
            });
            signals.add(signal);
            previous.add(old);
        } catch (IllegalArgumentException ignoredOrUnknown) {
            // the signal is ignored by our parent or unknown on this OS: the JVM's default stays
        }
    }

    /** 130 or 143 when a signal cancelled the run, else 0. */
    int signalExitCode() {
        return exitCode.get();
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
