package dev.memlens.testsupport;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The scene graph belongs to the FX thread: a test thread that walks it (a lookup, a bounds query, a label's text)
 * while the FX thread changes it reads half-updated lists and arrays (IndexOutOfBounds in Parent.lookupAll,
 * ArrayIndexOutOfBounds in a skin's arrays). Every read of a TestFX test goes through here and runs on the FX thread.
 */
public final class FxThread {
    private FxThread() {
    }

    /** Runs the call on the FX thread and returns its result (a guard of 60 s against a hung FX thread). */
    public static <T> T call(Callable<T> call) {
        try {
            return WaitForAsyncUtils.asyncFx(call).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the FX thread", e);
        } catch (TimeoutException e) {
            throw new AssertionError("the FX thread did not answer within 60 s", e);
        }
    }

    /** Waits until the condition, evaluated on the FX thread, holds. */
    public static void waitFor(String what, long seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> call(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }

    /** The node's centre on screen, computed on the FX thread (TestFX would compute it on the test thread). */
    public static Point2D centreOf(FxRobot robot, String query) {
        return call(() -> {
            Node node = robot.lookup(query).query();
            Bounds bounds = node.localToScreen(node.getBoundsInLocal());
            return new Point2D(bounds.getCenterX(), bounds.getCenterY());
        });
    }

    public static void clickOn(FxRobot robot, String query) {
        robot.clickOn(centreOf(robot, query));
    }

    public static void doubleClickOn(FxRobot robot, String query) {
        robot.doubleClickOn(centreOf(robot, query));
    }
}
