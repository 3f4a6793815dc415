package dev.memlens.core.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.testsupport.StandInVllmServer;
import dev.memlens.testsupport.StandInVllmServer.FailureMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsPollerWithStandInServerTest {

    @Test
    void handsTheRawPrometheusTextOnEveryInterval() throws Exception {
        try (StandInVllmServer server = new StandInVllmServer().start()) {
            List<String> texts = new CopyOnWriteArrayList<>();
            CountDownLatch three = new CountDownLatch(3);
            try (MetricsPoller poller = new MetricsPoller(new VllmApiClient(VllmApiTarget.of(server.baseUrl())),
                    Duration.ofMillis(20), text -> {
                        texts.add(text);
                        three.countDown();
                    }, error -> { })) {
                poller.start();
                assertTrue(three.await(30, TimeUnit.SECONDS));
            }
            assertTrue(texts.get(0).contains("# TYPE vllm:kv_cache_usage_perc gauge"));
            assertTrue(server.metricsRequests() >= 3);
        }
    }

    @Test
    void failuresGoToTheErrorConsumerAndPollingGoesOn() throws Exception {
        try (StandInVllmServer server = new StandInVllmServer().failureMode(FailureMode.METRICS_ERROR).start()) {
            List<VllmApiException> errors = new CopyOnWriteArrayList<>();
            CountDownLatch twoErrors = new CountDownLatch(2);
            try (MetricsPoller poller = new MetricsPoller(new VllmApiClient(VllmApiTarget.of(server.baseUrl())),
                    Duration.ofMillis(20), text -> { }, error -> {
                        errors.add(error);
                        twoErrors.countDown();
                    })) {
                poller.start();
                assertTrue(twoErrors.await(30, TimeUnit.SECONDS));
            }
            assertTrue(errors.get(0).getMessage().contains("answered /metrics with HTTP 500"), errors.get(0).getMessage());
        }
    }
}
