package dev.memlens.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in Prometheus exporter on 127.0.0.1: each path serves a scripted sequence of exposition texts, one per
 * scrape, and keeps serving the last one when the sequence is used up. So every scripted value is scraped exactly
 * once, in order, whatever the scrape timing.
 */
public final class StandInExporter implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();

    public StandInExporter(Map<String, List<String>> scrapesByPath) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        scrapesByPath.forEach((path, scrapes) -> {
            AtomicInteger count = new AtomicInteger();
            served.put(path, count);
            server.createContext(path, exchange -> {
                int n = count.getAndIncrement();
                byte[] body = scrapes.get(Math.min(n, scrapes.size() - 1)).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
        });
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "stand-in-exporter");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How many scrapes a path has answered. */
    public int served(String path) {
        return served.get(path).get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
