package dev.memlens.app.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;

/** Asserts that a control can be seen whole: shown, inside the window and inside every ancestor that clips. */
final class NodesInView {
    private NodesInView() {
    }

    /** The node is visible, within the scene and each ancestor's bounds (a scroll pane's viewport among them). */
    static void assertShownWhole(Scene scene, String query) {
        Node node = scene.lookup(query);
        assertNotNull(node, query + " is not in the window");
        for (Node n = node; n != null; n = n.getParent()) {
            assertTrue(n.isVisible(), query + " is hidden (by " + n + ")");
        }
        Bounds b = node.localToScene(node.getLayoutBounds());
        assertTrue(b.getWidth() > 1 && b.getHeight() > 1, query + " has no size: " + b);
        double slack = 0.5;
        assertTrue(b.getMinX() >= -slack && b.getMinY() >= -slack && b.getMaxX() <= scene.getWidth() + slack
                && b.getMaxY() <= scene.getHeight() + slack,
                query + " " + b + " is not inside the " + scene.getWidth() + "x" + scene.getHeight() + " window");
        for (Parent p = node.getParent(); p != null; p = p.getParent()) {
            Bounds pb = p.localToScene(p.getLayoutBounds());
            assertTrue(b.getMinX() >= pb.getMinX() - slack && b.getMinY() >= pb.getMinY() - slack
                    && b.getMaxX() <= pb.getMaxX() + slack && b.getMaxY() <= pb.getMaxY() + slack,
                    query + " " + b + " sticks out of " + p.getClass().getSimpleName() + "#" + p.getId() + " " + pb);
        }
    }

    /** As {@link #assertShownWhole}, and a label's or button's text is drawn in full (no "…"). */
    static void assertTextWhole(Scene scene, String query) {
        assertShownWhole(scene, query);
        Labeled labeled = (Labeled) scene.lookup(query);
        Text drawn = (Text) labeled.lookup(".text");
        assertNotNull(drawn, query + " draws no text");
        assertEquals(labeled.getText(), drawn.getText(), query + "'s text is cut");
    }
}
