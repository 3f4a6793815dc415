package dev.memlens.core.report.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.VllmMetricsSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VllmMetricsCsvWriterTest {
    @TempDir
    Path dir;

    @Test
    void oneRowPerScrapeOnTheTimelineCsvsClockWithBlankCellsForAbsentValues() throws Exception {
        ProfileReport report = ProfileReport.builder().startedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .vllmMetrics(new VllmMetricsSeries(List.of(new VllmMetricsSeries.Point(0, 0.0, 0.0, 0.0, 5.0),
                        new VllmMetricsSeries.Point(520, 0.97, 4.0, 2.0, 7.0),
                        new VllmMetricsSeries.Point(1040, 0.31, null, 0.0, 8.0)))).build();
        Path csv = VllmMetricsCsvWriter.besides(dir.resolve("run.CSV"));
        assertEquals(dir.resolve("run-vllm-metrics.csv"), csv);
        VllmMetricsCsvWriter.write(report, csv);

        assertEquals(List.of(VllmMetricsCsvWriter.HEADER, "1700000000000,0,0,0,0,5",
                "1700000000520,520,0.97,4,2,7", "1700000001040,1040,0.31,,0,8"), Files.readAllLines(csv));
    }

    @Test
    void aReportWithoutTheSeriesGivesOnlyTheHeader() throws Exception {
        Path csv = dir.resolve("none.csv");
        VllmMetricsCsvWriter.write(ProfileReport.builder().build(), csv);
        assertEquals(List.of(VllmMetricsCsvWriter.HEADER), Files.readAllLines(csv));
    }
}
