package dev.memlens.app;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The desktop application. */
public final class MemLensApp extends Application {

    public static void launchDesktop(String[] args) {
        Application.launch(MemLensApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("MemLens");
        stage.setScene(new Scene(new Label("MemLens"), 1280, 800));
        stage.show();
    }
}
