package dev.memlens.app;

import java.lang.management.ManagementFactory;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;

/** Start-up benchmark hook: prints milliseconds from JVM start to the first pulse after the window showed. */
final class FirstFrameProbe {
    private FirstFrameProbe() {
    }

    static void reportAndExit(Scene scene) {
        new AnimationTimer() {
            private int frames;

            @Override
            public void handle(long now) {
                // the second pulse happens after the first frame was rendered
                if (++frames < 2) {
                    return;
                }
                stop();
                long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                System.out.println("first-frame-ms " + ms);
                Platform.exit();
            }
        }.start();
    }
}
