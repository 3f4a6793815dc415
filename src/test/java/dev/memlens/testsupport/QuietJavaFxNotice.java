package dev.memlens.testsupport;

import dev.memlens.app.DesktopLaunch;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** The test JVM loads JavaFX from the class path as the app's jar does: the same one notice is dropped. */
public final class QuietJavaFxNotice implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        DesktopLaunch.quietClassPathNotice();
    }
}
