package dev.memlens.app;

import atlantafx.base.theme.PrimerLight;
import dev.memlens.app.main.MainView;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.FxTaskExecutor;
import dev.memlens.app.task.TaskExecutor;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.settings.AppDirectories;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.app.settings.WindowPlacement;
import dev.memlens.app.workbench.WorkbenchServices;
import dev.memlens.app.workbench.WorkbenchView;
import dev.memlens.app.workbench.WorkbenchViewModel;
import dev.memlens.app.workbench.WorkbenchWiring;
import java.io.InputStream;
import javafx.application.Platform;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The desktop application: wires the services, the main view and the stage. */
public final class MemLensApp extends Application {
    /** Set to true to print the time to the first rendered frame and exit (start-up benchmark). */
    public static final String FIRST_FRAME_PROBE = "memlens.firstFrameProbe";
    private static final int[] ICON_SIZES = {16, 24, 32, 48, 64, 128, 256, 512};
    /** The window's size on a first start, where the screen has room for it. */
    static final double DEFAULT_WIDTH = 1360;
    static final double DEFAULT_HEIGHT = 860;

    private TaskExecutor executor;
    private WorkbenchViewModel workbench;
    private Stage stage;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        executor = new FxTaskExecutor();
        AppDirectories dirs = AppDirectories.fromEnvironment();
        MainViewModel vm = new MainViewModel(executor, new RecentFiles(dirs.configDir().resolve("recent-files.txt")),
                new RunLibrary(dirs.runsDir()));
        dev.memlens.core.process.ProgramThreads.onUncaught(failure -> Platform.runLater(
                () -> vm.setStatus("Internal error: " + failure.message() + " (please report it)")));
        WorkbenchServices services = new WorkbenchServices(System.getenv(), dirs.runsDir(), dirs.configDir(), null);
        boolean firstStart = !java.nio.file.Files.exists(services.settingsFile());
        workbench = WorkbenchWiring.create(services, executor, Platform::runLater, vm);
        stage.setScene(createScene(vm, workbench));
        stage.setTitle("MemLens");
        addIcons(stage);
        WindowPlacement.fitToScreen(stage, DEFAULT_WIDTH, DEFAULT_HEIGHT);
        stage.show();
        WorkbenchWiring.recoverInterruptedRuns(workbench, vm);
        vm.history().refresh();
        workbench.start();
        workbench.loadSettings(s -> WindowPlacement.restore(stage, s.window()));
        if (firstStart) {
            vm.openSample(); // a new user first sees a real recorded run, on the Results tab
        }
        if (Boolean.getBoolean(FIRST_FRAME_PROBE)) {
            FirstFrameProbe.reportAndExit(stage.getScene());
        }
    }

    /** The scene with the theme and MemLens's style sheet; tests build it the same way. */
    public static Scene createScene(MainViewModel vm) {
        return createScene(vm, null);
    }

    /** The scene with the workbench as the first tab (null: results and history only). */
    public static Scene createScene(MainViewModel vm, WorkbenchViewModel workbench) {
        return styledScene(new MainView(vm, workbench == null ? null : new WorkbenchView(workbench)), DEFAULT_WIDTH,
                DEFAULT_HEIGHT);
    }

    /**
     * A scene with the theme and MemLens's style sheet, which defines the Modena colours ChartFX and ControlsFX
     * look up: any scene showing MemLens's views needs both, or JavaFX warns about every unresolved colour.
     */
    public static Scene styledScene(javafx.scene.Parent root, double width, double height) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(MemLensApp.class.getResource("/dev/memlens/app/memlens.css").toExternalForm());
        return scene;
    }

    private static void addIcons(Stage stage) {
        for (int size : ICON_SIZES) {
            InputStream in = MemLensApp.class.getResourceAsStream("/dev/memlens/icons/memlens-" + size + ".png");
            if (in != null) {
                stage.getIcons().add(new Image(in));
            }
        }
    }

    @Override
    public void stop() {
        if (workbench != null && stage != null) {
            try {
                workbench.saveSettingsNow(WindowPlacement.bounds(stage));
            } catch (java.io.IOException e) {
                java.util.logging.Logger.getLogger(MemLensApp.class.getName()).warning(
                        "The window and form settings could not be saved: " + e.getMessage());
            }
        }
        if (executor != null) {
            executor.shutdown();
        }
    }
}
