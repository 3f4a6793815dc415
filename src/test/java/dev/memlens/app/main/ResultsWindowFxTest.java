package dev.memlens.app.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.testfx.api.FxAssert.verifyThat;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.results.ComparisonRowItem;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.settings.RecentFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/** Headless (Monocle): opens the bundled sample, types calculator values and checks the verdict and the table. */
@ExtendWith(ApplicationExtension.class)
class ResultsWindowFxTest {
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
    void opensOnTheSampleAndSaysItIsRecorded(FxRobot robot) {
        verifyThat("#summaryModel", LabeledMatchers.hasText("Llama-2-7B (llama shape, random weights)"));
        Label banner = robot.lookup("#sampleBanner").queryAs(Label.class);
        assertTrue(banner.isVisible());
        assertTrue(banner.getText().contains("real run on an NVIDIA H200"));
        verifyThat("#verdictLabel", LabeledMatchers.hasText("No calculator values"));
    }

    @Test
    void typingATotalGivesAVerdict(FxRobot robot) {
        robot.clickOn("#calcTotal").write("19");
        WaitForAsyncUtils.waitForFxEvents();
        Label verdict = robot.lookup("#verdictLabel").queryAs(Label.class);
        assertTrue(verdict.getText().startsWith("✓ pass +2.0 %"), verdict.getText());
        robot.doubleClickOn("#calcTotal").write("15");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(verdict.getText().startsWith("✗ fail"), verdict.getText());
        assertTrue(robot.lookup("#verdictDetail").queryAs(Label.class).getText().startsWith("Outside ±10 %"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void typingComponentsFillsTheComparisonTableInTheChosenUnit(FxRobot robot) {
        robot.clickOn("#unitGb");
        robot.clickOn("#calcWeights").write("13.48");
        robot.clickOn("#calcKv").write("2.15");
        robot.clickOn("#calcActivations").write("0.27");
        robot.clickOn("#calcOverhead").write("4.9");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<ComparisonRowItem> table = robot.lookup("#comparisonTable").queryAs(TableView.class);
        assertEquals(5, table.getItems().size());
        assertEquals("Model Weights", table.getItems().get(0).component());
        assertEquals("✓ ok", table.getItems().get(0).verdictSymbol());
        assertEquals("✗ bad", table.getItems().get(2).verdictSymbol(), "activations: 0.07 measured vs 0.27");
        assertEquals("20.80", table.getItems().get(4).calculated());
        assertTrue(robot.lookup("#verdictLabel").queryAs(Label.class).getText().startsWith("✓ pass +0.1 %"));
    }

    @Test
    void invalidInputShowsWhy(FxRobot robot) {
        robot.clickOn("#calcKv").write("two");
        WaitForAsyncUtils.waitForFxEvents();
        Label problem = robot.lookup("#calculatorProblem").queryAs(Label.class);
        assertTrue(problem.isVisible());
        assertEquals("KV Cache: 'two' is not a number", problem.getText());
    }

    @Test
    void saveAsWritesTheTypedValuesIntoTheReport(FxRobot robot) throws Exception {
        robot.clickOn("#calcTotal").write("19");
        WaitForAsyncUtils.waitForFxEvents();
        Path file = dir.resolve("saved.json");
        robot.interact(() -> vm.saveAs(file));
        assertTrue(Files.exists(file));
        assertEquals(19.0 * (1L << 30), ReportReader.read(file).calculator().totalBytes(), 1.0);
        assertEquals(file.toAbsolutePath().normalize(), vm.recentFiles().get(0));
        assertTrue(robot.lookup("#calcTotal").queryAs(TextField.class).getText().equals("19"));
    }
}
