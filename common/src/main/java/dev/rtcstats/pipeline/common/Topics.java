package dev.rtcstats.pipeline.common;

/**
 * Names of the topics that connect the services. The suffix is the major version of the record format:
 * a change that old readers cannot read gets a new topic, never a reinterpretation of an old one.
 */
public final class Topics {
    /** Every connection's open, frame and close events, keyed by connection id. See {@link ConnectionEventCodec}. */
    public static final String FRAMES = "rtcstats.frames.v1";
    /** The assembled dump of each connection in chunks, keyed by connection id. See {@link DumpChunkCodec}. */
    public static final String DUMPS = "rtcstats.dumps.v1";
    /** One {@link SessionRecord} per closed connection, keyed by connection id. */
    public static final String SESSIONS = "rtcstats.sessions.v1";
    /** One {@link FeatureRecord} per closed connection, keyed by connection id. */
    public static final String FEATURES = "rtcstats.features.v1";
    /**
     * The flattened getStats time series of each closed connection as {@link StatsSeries} records of a bounded number
     * of samples, keyed by connection id; a long call yields several records.
     */
    public static final String STATS = "rtcstats.stats.v1";
    /**
     * Records a stage could not process, with the stage, the reason and the source record in headers; see
     * {@link DeadLetter}. Nothing reads them automatically: they are evidence to inspect and to re-drive by replay.
     */
    public static final String DEAD_LETTERS = "rtcstats.dead-letters.v1";

    private Topics() {}
}
