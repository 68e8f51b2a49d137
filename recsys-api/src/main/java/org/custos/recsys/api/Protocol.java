package org.custos.recsys.api;

/** The protocol's version and limits, shared by both ends. */
public final class Protocol {

    /** The version this contract speaks; an artifact declares it in its manifest as {@value #MANIFEST_ATTRIBUTE}. */
    public static final int VERSION = 1;
    /** The manifest attribute naming the protocol version an algorithm bundle speaks. */
    public static final String MANIFEST_ATTRIBUTE = "Custos-Protocol-Version";
    /** Most bytes of one snapshot or restore chunk. */
    public static final int MAX_CHUNK = 1 << 20;
    /** Most bytes of one frame in either direction (type and payload), which bounds what a reader buffers. */
    public static final int MAX_FRAME = MAX_CHUNK + 64;
    /** Most facts in one frame. */
    public static final int MAX_FACTS_PER_FRAME = 8_192;
    /** Most videos one ranking may ask for (and so return). */
    public static final int MAX_RANK_COUNT = 200;
    /** Most tags of one video, and most UTF-8 bytes of one tag. */
    public static final int MAX_TAGS = 16;
    public static final int MAX_TAG_BYTES = 64;

    private Protocol() {
    }
}
