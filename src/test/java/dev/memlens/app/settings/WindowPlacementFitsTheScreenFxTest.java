package dev.memlens.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Headless (Monocle): a first start opens the window inside the screen, however large its default size, so on a
 * small display no part of it hangs over an edge (under a bare X server the 1360×860 default was cut on the left).
 */
@ExtendWith(ApplicationExtension.class)
class WindowPlacementFitsTheScreenFxTest {
    /** A window of its own: TestFX's shared stage must keep its place for the next test classes. */
    private Stage stage;

    @Start
    void start(Stage shared) {
        stage = new Stage();
        stage.setScene(new Scene(new Pane(), 200, 100));
        stage.show();
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> stage.close());
    }

    @Test
    void aWindowLargerThanTheScreenIsCutToItAndPlacedInsideIt(FxRobot robot) {
        Rectangle2D v = Screen.getPrimary().getVisualBounds();
        robot.interact(() -> WindowPlacement.fitToScreen(stage, v.getWidth() + 500, v.getHeight() + 300));
        assertEquals(v.getWidth(), stage.getWidth(), 0.5);
        assertEquals(v.getHeight(), stage.getHeight(), 0.5);
        assertEquals(v.getMinX(), stage.getX(), 0.5);
        assertEquals(v.getMinY(), stage.getY(), 0.5);
    }

    @Test
    void aWindowThatFitsKeepsItsSizeAndIsCentred(FxRobot robot) {
        Rectangle2D v = Screen.getPrimary().getVisualBounds();
        robot.interact(() -> WindowPlacement.fitToScreen(stage, 400, 300));
        assertEquals(400, stage.getWidth(), 0.5);
        assertEquals(300, stage.getHeight(), 0.5);
        assertEquals(v.getMinX() + (v.getWidth() - 400) / 2, stage.getX(), 0.5);
        assertTrue(stage.getY() >= v.getMinY() && stage.getY() + 300 <= v.getMaxY());
    }
}
