package org.custos.vault;

/**
 * How a stored field may be handled. Every column of every table declares exactly one.
 *
 * <ul>
 *   <li>{@link #PUBLIC}: published by its owner to everyone (a public handle, a public video's caption).
 *   <li>{@link #EXCEPTED}: not personal on its own (aggregate counters, timestamps of public events);
 *       stored in the clear, leaves the boundary only where a policy names it.
 *   <li>{@link #PROTECTED}: personal data. Encrypted at rest under the subject's data key, read by anyone
 *       but the subject only with an {@link AccessContext}, never leaves the boundary raw.
 * </ul>
 */
public enum DataClass {
    PUBLIC,
    EXCEPTED,
    PROTECTED
}
