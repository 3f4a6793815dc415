package dev.memlens.app;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The desktop application. */
public final class MemLensApp extends Application {
    /** Set to true to print the time to the first rendered frame and exit (start-up benchmark). */
    public static final String FIRST_FRAME_PROBE = "memlens.firstFrameProbe";

    public static void launchDesktop(String[] args) {
        Application.launch(MemLensApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("MemLens");
        stage.setScene(new Scene(new Label("MemLens"), 1280, 800));
        stage.show();
        if (Boolean.getBoolean(FIRST_FRAME_PROBE)) {
            FirstFrameProbe.reportAndExit(stage.getScene());
        }
    }
}
