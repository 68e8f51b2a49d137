package org.custos.tlog.merkle;

/**
 * Where proof generation reads the hashes of perfect subtrees: the node at {@code height} and {@code index} covers
 * leaves {@code [index * 2^height, (index + 1) * 2^height)}. Height 0 is the leaf hashes themselves.
 *
 * <p>Implementations MUST only be asked for nodes that lie entirely within the tree they describe; they throw
 * {@link java.io.UncheckedIOException} when the backing store cannot be read.
 */
@FunctionalInterface
public interface NodeSource {

    byte[] node(int height, long index);
}
