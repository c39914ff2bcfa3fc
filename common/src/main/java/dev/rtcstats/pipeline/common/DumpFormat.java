package dev.rtcstats.pipeline.common;

import java.nio.charset.StandardCharsets;

/**
 * The rtcStats dump format (file format 3) as the reference server stores it and as the pipeline writes it to S3:
 *
 * <pre>
 * RTCStatsDump
 * {"url":...,"origin":...,"userAgent":...,"startTime":...,"remoteAddresses":[...],"fileFormat":3,...}
 * [method, id, args, timestamp delta]      one line per frame, the client's bytes
 * ["close",null,&lt;close code&gt;,&lt;ms since the last frame&gt;]
 * </pre>
 */
public final class DumpFormat {
    /** The first line, without its newline. */
    public static final String HEADER = "RTCStatsDump";
    /** The first line with its newline, as bytes. */
    public static final byte[] HEADER_LINE = (HEADER + "\n").getBytes(StandardCharsets.UTF_8);
    /** The {@code fileFormat} of the metadata line. */
    public static final int FILE_FORMAT = 3;

    private DumpFormat() {}

    /** The last line of a dump, without a newline: {@code ["close",null,code,sinceLastFrame]}. */
    public static String closeLine(int code, long millisSinceLastFrame) {
        return "[\"close\",null," + code + "," + millisSinceLastFrame + "]";
    }
}
