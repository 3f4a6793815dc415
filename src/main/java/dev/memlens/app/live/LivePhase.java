package dev.memlens.app.live;

import dev.memlens.core.run.RunPhase;

/** A phase of the live run and when it started, in seconds since the run started. */
public record LivePhase(RunPhase phase, double startSeconds) {
}
