package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * The bucket the dumps go to.
 *
 * @param blobUrlBase prefix of {@code blob_url}; the URL is {@code <blobUrlBase>/<key>}
 */
record S3Settings(
        String endpoint,
        String accessKey,
        Secret secretKey,
        String bucket,
        String region,
        boolean createBucket,
        long partSize,
        String blobUrlBase) {
    /** S3 refuses multipart parts below 5 MiB (except the last). */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    S3Settings {
        httpUrl("SINK_S3_ENDPOINT", endpoint);
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new ConfigException(
                    "SINK_S3_BUCKET must be a valid S3 bucket name (3-63 of a-z 0-9 . -), got '" + bucket + "'");
        }
        if (partSize < MIN_PART_SIZE) {
            throw new ConfigException("SINK_S3_PART_SIZE must be at least " + MIN_PART_SIZE);
        }
        blobUrlBase = stripSlash(httpUrl("SINK_BLOB_URL_BASE", blobUrlBase));
    }

    static S3Settings fromEnv(Env env) {
        String endpoint = env.required("SINK_S3_ENDPOINT");
        String bucket = env.string("SINK_S3_BUCKET", "rtcstats");
        return new S3Settings(
                endpoint,
                env.required("SINK_S3_ACCESS_KEY"),
                new Secret(env.required("SINK_S3_SECRET_KEY")),
                bucket,
                env.string("SINK_S3_REGION", "us-east-1"),
                env.bool("SINK_S3_CREATE_BUCKET", true),
                env.longValue("SINK_S3_PART_SIZE", 16L * 1024 * 1024, MIN_PART_SIZE, 5L * 1024 * 1024 * 1024),
                env.string("SINK_BLOB_URL_BASE", stripSlash(endpoint) + "/" + bucket));
    }

    /** The {@code blob_url} of an object key: the key is its last path segment, as rtcstats-features expects. */
    String blobUrl(String key) {
        return blobUrlBase + "/" + key;
    }

    private static String httpUrl(String name, String text) {
        try {
            URI uri = new URI(Objects.requireNonNull(text, name));
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(
                        name + " must be an http(s) URL such as http://127.0.0.1:9000, got '" + text + "'");
            }
            return text;
        } catch (URISyntaxException e) {
            throw new ConfigException(name + " must be an http(s) URL, got '" + text + "'");
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
