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

    /**
     * Opens the window at {@code width} × {@code height}, cut to the primary screen's visual bounds and centred in
     * them: on a 1280×720 or 1366×768 display the default size would hang over the screen's edges.
     */
    public static void fitToScreen(Stage stage, double width, double height) {
        Rectangle2D v = Screen.getPrimary().getVisualBounds();
        double w = Math.min(width, v.getWidth());
        double h = Math.min(height, v.getHeight());
        stage.setWidth(w);
        stage.setHeight(h);
        stage.setX(v.getMinX() + (v.getWidth() - w) / 2);
        stage.setY(v.getMinY() + (v.getHeight() - h) / 2);
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
