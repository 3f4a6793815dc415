package dev.memlens.app.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.testfx.api.FxAssert.verifyThat;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.results.AccountBars;
import dev.memlens.app.results.AccountTableRow;
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
        // the primary stage is shared by the test classes: a size set by an earlier class would hide the calculator
        stage.setWidth(1600);
        stage.setHeight(1000);
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
        TableView<AccountTableRow> table = robot.lookup("#accountTable").queryAs(TableView.class);
        AccountTableRow weights = row(table, "Model weights");
        assertEquals("✓ ok", weights.verdictSymbol());
        assertEquals("13.48 GB", weights.calculated());
        assertEquals("✗ bad", row(table, "Activations").verdictSymbol(), "activations: 0.07 measured vs 0.27");
        assertEquals("20.80 GB", row(table, "Total").calculated());
        assertTrue(robot.lookup("#verdictLabel").queryAs(Label.class).getText().startsWith("✓ pass +0.1 %"));
    }

    private static AccountTableRow row(TableView<AccountTableRow> table, String component) {
        return table.getItems().stream().filter(r -> r.component().equals(component)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + component + " in " + table.getItems()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFirstWindowShowsTheAccountsNumbersWithTheirKindAndSourceWithoutAnyInput(FxRobot robot) {
        TableView<AccountTableRow> table = robot.lookup("#accountTable").queryAs(TableView.class);
        AccountTableRow weights = row(table, "Model weights");
        assertTrue(weights.measured().matches("\\d+\\.\\d\\d GiB"), weights.toString());
        assertTrue(!weights.kind().isEmpty() && !weights.source().equals("—"), weights.toString());
        assertEquals("", weights.calculated(), "no calculator value yet");
        AccountTableRow total = row(table, "Total");
        assertTrue(total.measured().matches("\\d+\\.\\d\\d GiB"), total.toString());
        assertTrue(table.getItems().stream().anyMatch(AccountTableRow::part), "framework overhead's parts are listed");
        assertTrue(robot.lookup("#accountTable").queryAs(TableView.class).isVisible());
        // the measured bar carries its numbers on the segments
        Label first = robot.lookup("#measuredBar-label-0").queryAs(Label.class);
        assertTrue(first.isVisible() && first.getText().matches("(?s).*\\d+\\.\\d\\d GiB"), first.getText());
        assertTrue(robot.lookup("#measuredBar-total").queryAs(Label.class).getText().endsWith(" GiB"));
        assertEquals("type the calculator's values", robot.lookup("#calculatedBar-note").queryAs(Label.class).getText());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTotalOnlyCalculatorValueDrawsTheCalculatedBarAndKeepsTheComponentRows(FxRobot robot) {
        TableView<AccountTableRow> table = robot.lookup("#accountTable").queryAs(TableView.class);
        int rowsBefore = table.getItems().size();
        robot.clickOn("#calcTotal").write("19");
        WaitForAsyncUtils.waitForFxEvents();
        AccountBars bars = vm.results().accountBarsProperty().get();
        assertEquals(1, bars.calculated().size());
        assertEquals("Calculated total", bars.calculated().get(0).name());
        assertEquals(19.0, bars.calculated().get(0).value(), 1e-9);
        javafx.scene.shape.Rectangle seg = robot.lookup("#calculatedBar-0").queryAs(javafx.scene.shape.Rectangle.class);
        assertTrue(seg.getHeight() > 50, "the calculated bar is drawn: " + seg.getHeight());
        assertEquals("Calculated total\n19.00 GiB", robot.lookup("#calculatedBar-label-0").queryAs(Label.class).getText());
        assertEquals(rowsBefore, table.getItems().size(), "the component rows stay");
        assertEquals("19.00 GiB", row(table, "Total").calculated());
        assertTrue(row(table, "Total").verdictSymbol().startsWith("✓"), row(table, "Total").toString());
    }

    @Test
    void invalidInputShowsWhy(FxRobot robot) {
        robot.clickOn("#calcKv").write("two");
        WaitForAsyncUtils.waitForFxEvents();
        Label problem = robot.lookup("#calculatorProblem").queryAs(Label.class);
        assertTrue(problem.isVisible());
        assertEquals("KV cache: 'two' is not a number", problem.getText());
    }

    @Test
    void saveAsWritesTheTypedValuesIntoTheReport(FxRobot robot) throws Exception {
        if (System.getProperty("memlens.resultsShot") != null) {
            robot.interact(() -> {
                try {
                    Files.write(Path.of(System.getProperty("memlens.resultsShot")),
                            dev.memlens.app.main.MainView.png(robot.lookup("#resultsView").query()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
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
