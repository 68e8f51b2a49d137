package org.custos.recsys.api;

/**
 * Sees every frame an {@link EngineClient} sends or receives, as its exact bytes (length prefix included), on the
 * thread that moves it. For recording what crossed the boundary; MUST be fast and MUST NOT keep the array past
 * the call without copying it.
 */
@FunctionalInterface
public interface FrameTap {

    /** No recording. */
    FrameTap NONE = (toEngine, frame) -> {
    };

    void frame(boolean toEngine, byte[] frame);
}
