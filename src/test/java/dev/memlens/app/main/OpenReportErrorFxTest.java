package dev.memlens.app.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.testutil.Resources;
import java.nio.file.Path;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Opening a broken report shows a dialog naming the file and the field, and keeps the open report. */
@ExtendWith(ApplicationExtension.class)
class OpenReportErrorFxTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new MainViewModel(new SameThreadTaskExecutor(), new RecentFiles(dir.resolve("recent.txt")),
                new RunLibrary(dir.resolve("runs")));
        stage.setScene(MemLensApp.createScene(vm));
        stage.show();
        vm.openSample();
    }

    @Test
    void aWrongTypeIsExplainedInADialogAndTheSampleStaysOpen(FxRobot robot) {
        robot.interact(() -> vm.open(Resources.path("report/wrong-type.json")));
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane dialog = robot.lookup("#errorDialog").queryAs(DialogPane.class);
        assertEquals("Cannot open the report", dialog.getHeaderText());
        assertTrue(dialog.getContentText().contains("wrong-type.json: field 'memory_breakdown.model_weights_gb'"),
                dialog.getContentText());
        assertTrue(dialog.getContentText().contains("Correct the value"), dialog.getContentText());
        robot.interact(() -> dialog.getScene().getWindow().hide());
        assertEquals("Llama-2-7B (llama shape, random weights)",
                robot.lookup("#summaryModel").queryAs(Label.class).getText());
    }
}
