package dev.memlens.app.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.HumanNames;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.testsupport.FxThread;
import dev.memlens.testutil.Resources;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * At 1280×720 every segment of both account bars can be told apart: its name and size inside it, or a numbered
 * marker beside the bar and the same number in the key with name and size, inside the bars' pane; the full text on
 * hover; the unattributed rest hatched and named.
 */
@ExtendWith(ApplicationExtension.class)
class AccountBarsLabelsFxTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private FxRobot robot;

    @Start
    void start(Stage stage) {
        vm = new MainViewModel(new SameThreadTaskExecutor(), new RecentFiles(dir.resolve("recent.txt")),
                new RunLibrary(dir.resolve("runs")));
        stage.setScene(MemLensApp.createScene(vm));
        stage.setWidth(1280);
        stage.setHeight(720);
        stage.show();
    }

    @Test
    void everySegmentOfTheSampleIsNamedWithItsSizeInsideOrInTheKey(FxRobot robot) {
        this.robot = robot;
        robot.interact(() -> {
            vm.openSample();
            var r = vm.results();
            r.calculatorField(MemoryComponent.WEIGHTS).set("12.55");
            r.calculatorField(MemoryComponent.KV_CACHE).set("2.00");
            r.calculatorField(MemoryComponent.ACTIVATIONS).set("0.25");
            r.calculatorField(MemoryComponent.FRAMEWORK_OVERHEAD).set("2.18");
        });
        WaitForAsyncUtils.waitForFxEvents();
        AccountBars bars = FxThread.call(() -> vm.results().accountBarsProperty().get());
        assertTrue(bars.measured().size() >= 4 && bars.calculated().size() == 4, bars.toString());
        int keyed = checkBar("measuredBar", bars.measured(), bars.unitLabel())
                + checkBar("calculatedBar", bars.calculated(), bars.unitLabel());
        assertTrue(keyed > 0, "the sample's small segments (activations, non-torch) go to the key");
        Label kv = FxThread.call(() -> (Label) robot.lookup("#measuredBar-label-1").tryQuery().orElse(null));
        assertNotNull(kv, "the KV cache is tall enough for its name");
        assertTrue(FxThread.call(kv::getText).startsWith("KV cache"), FxThread.call(kv::getText));
    }

    @Test
    void theUnattributedRestIsHatchedAndNamedAndTheCalculatedTotalIsTheVerdictsOne(FxRobot robot) {
        this.robot = robot;
        robot.interact(() -> vm.open(Resources.path("report/v2-enhanced.json")));
        WaitForAsyncUtils.waitForFxEvents();
        AccountBars bars = FxThread.call(() -> vm.results().accountBarsProperty().get());
        checkBar("measuredBar", bars.measured(), bars.unitLabel());
        checkBar("calculatedBar", bars.calculated(), bars.unitLabel());
        int rest = indexOf(bars.measured(), HumanNames.component(dev.memlens.core.report.AccountComponent.UNATTRIBUTED));
        assertTrue(bars.measured().get(rest).hatched());
        assertTrue(FxThread.call(() -> robot.lookup("#measuredBar-" + rest).query().getStyleClass()
                .contains("segment-hatched")));
        int notSplit = indexOf(bars.calculated(), HumanNames.NOT_SPLIT);
        assertTrue(FxThread.call(() -> robot.lookup("#calculatedBar-" + notSplit).query().getStyleClass()
                .contains("segment-hatched")), "the calculator's unsplit rest is hatched too");
        String total = FxThread.call(() -> robot.lookup("#calculatedBar-total").queryAs(Label.class).getText());
        assertEquals("21.01 GiB", total);
        assertTrue(FxThread.call(() -> vm.results().verdictDetailProperty().get()).contains(total + " calculated"));
    }

    private static int indexOf(List<AccountBars.Segment> segments, String name) {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no segment " + name + " in " + segments);
    }

    /** Checks each segment; returns how many went to the key. */
    private int checkBar(String id, List<AccountBars.Segment> segments, String unit) {
        int keyed = 0;
        Bounds pane = FxThread.call(() -> robot.lookup("#accountBars").query().getLayoutBounds());
        for (int i = 0; i < segments.size(); i++) {
            AccountBars.Segment s = segments.get(i);
            String size = String.format(Locale.ROOT, "%.2f %s", s.value(), unit);
            String full = s.name() + " " + size;
            int n = i;
            Rectangle r = FxThread.call(() -> robot.lookup("#" + id + "-" + n).queryAs(Rectangle.class));
            assertNotNull(r, id + " segment " + i);
            Object tip = FxThread.call(() -> r.getProperties().get("javafx.scene.control.Tooltip"));
            assertTrue(tip instanceof Tooltip t && t.getText().startsWith(full), "hover on " + full);
            Label inside = FxThread.call(() -> (Label) robot.lookup("#" + id + "-label-" + n).tryQuery().orElse(null));
            if (inside != null) {
                String text = FxThread.call(inside::getText).replace('\n', ' ');
                assertEquals(full, text, "inside " + id + " segment " + i);
                assertNull(id + "-marker-" + n);
                continue;
            }
            keyed++;
            Label marker = FxThread.call(() -> (Label) robot.lookup("#" + id + "-marker-" + n).tryQuery().orElse(null));
            Label key = FxThread.call(() -> (Label) robot.lookup("#" + id + "-key-" + n).tryQuery().orElse(null));
            assertNotNull(marker, full + " has neither a label nor a marker");
            assertNotNull(key, full + " has no key entry");
            String number = FxThread.call(marker::getText);
            String keyText = FxThread.call(key::getText);
            assertTrue(keyText.startsWith(number + "  ") && keyText.endsWith(full), keyText + " for " + full);
            for (Node shown : List.of(marker, key)) {
                Bounds b = FxThread.call(() -> shown.getBoundsInParent());
                assertTrue(b.getMinY() >= 0 && b.getMaxY() <= pane.getMaxY() + 1 && b.getMaxX() <= pane.getMaxX() + 1,
                        shown.getId() + " inside the bars' pane: " + b + " in " + pane);
            }
            assertFalse(FxThread.call(() -> key.getWidth() > 0 && isElided(key)), keyText + " is cut");
        }
        return keyed;
    }

    private void assertNull(String id) {
        assertTrue(FxThread.call(() -> robot.lookup("#" + id).tryQuery().isEmpty()), id + " should not exist");
    }

    /** Whether the label's text, wrapped at its width as the label wraps it, is taller than the label. */
    private static boolean isElided(Label l) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(l.getText());
        t.setFont(l.getFont());
        double width = l.getWidth() - l.getPadding().getLeft() - l.getPadding().getRight();
        if (!l.isWrapText()) {
            return t.getLayoutBounds().getWidth() > width + 0.5;
        }
        t.setWrappingWidth(width);
        return t.getLayoutBounds().getHeight() > l.getHeight() + 1;
    }
}
