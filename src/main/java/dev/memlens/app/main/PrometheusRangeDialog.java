package dev.memlens.app.main;

import dev.memlens.core.prometheus.PrometheusAuth;
import java.util.Optional;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * "Open Prometheus range…": the server, the range, label matchers and the name of the variable holding a token.
 * The same texts {@code memlens trace --prometheus} takes; the last answers are offered again while the app runs.
 */
final class PrometheusRangeDialog {
    private static PrometheusRangeRequest last = new PrometheusRangeRequest("http://127.0.0.1:9090", "-1h", "now",
            null, "");

    private PrometheusRangeDialog() {
    }

    static Optional<PrometheusRangeRequest> ask(Window owner) {
        Dialog<PrometheusRangeRequest> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Open Prometheus range");
        dialog.setHeaderText("The GPU memory series of dcgm-exporter, nvidia_gpu_exporter or nvitop-exporter,"
                + " every raw sample of the range");
        TextField url = field("prometheusUrl", last.url(), "http://127.0.0.1:9090");
        TextField start = field("prometheusStart", last.start(), "-1h, -30m, 2026-12-01T09:00:00Z or Unix seconds");
        TextField end = field("prometheusEnd", last.end(), "now");
        TextField match = field("prometheusMatch", last.match() == null ? "" : last.match(),
                "optional: {Hostname=\"gpu-node-1\"} or {pod=~\"vllm-.*\"}");
        TextField token = field("prometheusTokenVariable", last.tokenVariable(),
                "optional: the NAME of a variable holding a bearer token");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("Server URL"), url);
        grid.addRow(1, new Label("Start"), start);
        grid.addRow(2, new Label("End"), end);
        grid.addRow(3, new Label("Label matchers"), match);
        grid.addRow(4, new Label("Token variable"), token);
        Label auth = new Label("Credentials are read from the environment when the range is read and never stored:"
                + " the variable named above, else " + PrometheusAuth.TOKEN_VARIABLE + ", or "
                + PrometheusAuth.USER_VARIABLE + " and " + PrometheusAuth.PASSWORD_VARIABLE + " for basic auth.");
        auth.setWrapText(true);
        auth.setMaxWidth(560);
        auth.getStyleClass().add("text-muted");
        grid.add(auth, 0, 5, 2, 1);
        dialog.getDialogPane().setContent(grid);
        ButtonType read = new ButtonType("Read range", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(read, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(read).disableProperty().bind(url.textProperty().isEmpty());
        dialog.setResultConverter(b -> b == read ? new PrometheusRangeRequest(url.getText(), start.getText(),
                end.getText(), match.getText(), token.getText()) : null);
        Optional<PrometheusRangeRequest> answer = dialog.showAndWait();
        answer.ifPresent(r -> last = r);
        return answer;
    }

    private static TextField field(String id, String text, String prompt) {
        TextField f = new TextField(text);
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(36);
        return f;
    }
}
