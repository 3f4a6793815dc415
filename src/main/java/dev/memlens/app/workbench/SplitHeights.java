package dev.memlens.app.workbench;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.MouseEvent;

/**
 * The divider between the Profile tab's tabs and its live chart: each tab starts at its preferred height (the form
 * whole, the log shorter so a run's chart gets the room), and where the user drags the divider is kept for that tab
 * from then on. Window resizes leave the tabs' height alone (the chart takes the change).
 */
final class SplitHeights {
    private final SplitPane split;
    private final TabPane tabs;
    private final BiFunction<Tab, Double, Double> preferred;
    private final Map<String, Double> chosen = new HashMap<>();
    private boolean applying;
    private boolean dragging;
    private boolean placed;

    /** @param preferred a tab's first height, given the height the tabs and the chart share */
    SplitHeights(SplitPane split, TabPane tabs, BiFunction<Tab, Double, Double> preferred) {
        this.split = split;
        this.tabs = tabs;
        this.preferred = preferred;
        split.heightProperty().addListener((o, a, h) -> {
            if (!placed && h.doubleValue() > 0) {
                placed = true;
                apply();
            }
        });
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> apply());
        split.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> dragging = onDivider(e.getPickResult().getIntersectedNode()));
        split.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> dragging = false);
        split.getDividers().addListener((javafx.collections.ListChangeListener<SplitPane.Divider>) c -> watchDivider());
        watchDivider();
    }

    private void watchDivider() {
        if (split.getDividers().isEmpty()) {
            return;
        }
        split.getDividers().get(0).positionProperty().addListener((o, a, p) -> {
            Tab tab = tabs.getSelectionModel().getSelectedItem();
            if (!applying && dragging && tab != null && split.getHeight() > 0) {
                chosen.put(tab.getId(), p.doubleValue() * split.getHeight());
            }
        });
    }

    private static boolean onDivider(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n.getStyleClass().contains("split-pane-divider")) {
                return true;
            }
        }
        return false;
    }

    /** Moves the divider to the selected tab's height: the one the user chose, else its preferred one. */
    void apply() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        double available = split.getHeight();
        if (tab == null || available <= 0 || split.getDividers().isEmpty()) {
            return;
        }
        double height = chosen.getOrDefault(tab.getId(), preferred.apply(tab, available));
        applying = true;
        try {
            split.setDividerPositions(Math.max(0, Math.min(1, height / available)));
        } finally {
            applying = false;
        }
    }
}
