package dev.memlens.app.settings;

import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** Puts the window where it was, if that place is still on a screen (a monitor may have gone away). */
public final class WindowPlacement {
    private static final double MIN_WIDTH = 640;
    private static final double MIN_HEIGHT = 480;

    private WindowPlacement() {
    }

    public static WorkbenchSettings.WindowBounds bounds(Stage stage) {
        return new WorkbenchSettings.WindowBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(),
                stage.isMaximized());
    }

    public static void restore(Stage stage, WorkbenchSettings.WindowBounds b) {
        if (b == null || b.width() < MIN_WIDTH || b.height() < MIN_HEIGHT) {
            return;
        }
        Rectangle2D wanted = new Rectangle2D(b.x(), b.y(), b.width(), b.height());
        boolean visible = Screen.getScreens().stream().anyMatch(s -> s.getVisualBounds().intersects(
                wanted.getMinX(), wanted.getMinY(), Math.min(100, wanted.getWidth()), Math.min(100, wanted.getHeight())));
        if (!visible) {
            return;
        }
        stage.setX(b.x());
        stage.setY(b.y());
        stage.setWidth(b.width());
        stage.setHeight(b.height());
        stage.setMaximized(b.maximized());
    }
}
