package dev.memlens.app.layout;

import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The layout tests' window: the scene shown at the top left at a user's screen size. TestFX keeps one stage for every
 * test class, so each test gives it its own size back with {@link #restore}.
 */
final class LayoutStage {
    private LayoutStage() {
    }

    static void show(Stage stage, Scene scene, double width, double height) {
        stage.setScene(scene);
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(width);
        stage.setHeight(height);
        stage.show();
    }

    /** Call on the FX thread after a test: the next class gets the stage at its scene's size. */
    static void restore(Stage stage) {
        stage.sizeToScene();
    }
}
