package org.custos.release;

/**
 * Told when the release the server should run changes: the engine supervisor admits and starts a newly deployed
 * release, and stops (or falls back from) a revoked one. Called on the thread that made the change, after it
 * committed; an exception thrown here is logged and does not undo the change. Keep it quick: hand the work to the
 * supervisor's own thread.
 */
public interface ReleaseListener {

    /** {@code deployment} is now the release to run. */
    default void deployed(Deployment deployment) {
    }

    /** {@code release} was revoked; if it runs, it must stop. */
    default void revoked(Release release) {
    }
}
