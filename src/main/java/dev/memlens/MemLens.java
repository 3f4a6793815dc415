package dev.memlens;

import dev.memlens.cli.MemLensCommand;
import dev.memlens.core.process.ProgramThreads;

/**
 * Entry point of the jar and the app image: no arguments opens the desktop app, any argument runs the CLI.
 * It must not extend {@code javafx.application.Application}, so the shaded jar starts with JavaFX on the class path.
 */
public final class MemLens {
    private MemLens() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            int exit = dev.memlens.app.DesktopLaunch.launch(args);
            if (exit != 0) {
                System.exit(exit);
            }
            return;
        }
        // a MemLens thread that dies says so on stderr; the thread's owner turns it into a status where it matters
        ProgramThreads.onUncaught(failure -> System.err.println("memlens: " + failure.message() + " (please report it)"));
        System.exit(MemLensCommand.run(args));
    }
}
