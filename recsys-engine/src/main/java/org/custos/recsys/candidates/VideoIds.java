package org.custos.recsys.candidates;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An immutable list of video ids over a primitive array. {@link Trending} publishes its top lists after every
 * training batch; as {@code List.copyOf} of boxed ids each list cost hundreds of allocations per batch, while
 * readers take a few hundred ids per page at most. Ids are boxed as they are read.
 */
final class VideoIds extends AbstractList<Long> implements RandomAccess {

    private final long[] ids;

    /** Takes {@code ids} as it is: the caller hands it over and keeps no reference. */
    VideoIds(long[] ids) {
        this.ids = ids;
    }

    @Override
    public Long get(int index) {
        return ids[index];
    }

    @Override
    public int size() {
        return ids.length;
    }
}
