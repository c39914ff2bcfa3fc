package dev.rtcstats.pipeline.sink;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlobStore} on an S3-compatible bucket through the MinIO SDK. Dumps larger than the part size go up as a
 * multipart upload; the SDK aborts a failed one, and the next attempt starts over under the same key. A refusal
 * that would repeat is a {@link PermanentBlobException}.
 */
final class MinioBlobStore implements BlobStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(MinioBlobStore.class);
    private final MinioClient client;
    private final String bucket;
    private final long partSize;

    MinioBlobStore(S3Settings config) {
        this(
                MinioClient.builder()
                        .endpoint(config.endpoint())
                        .credentials(config.accessKey(), config.secretKey().reveal())
                        .region(config.region())
                        .build(),
                config.bucket(),
                config.partSize());
        client.setTimeout(TimeUnit.SECONDS.toMillis(10), TimeUnit.MINUTES.toMillis(2), TimeUnit.MINUTES.toMillis(2));
    }

    MinioBlobStore(MinioClient client, String bucket, long partSize) {
        this.client = client;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    /** Creates the bucket when it is missing and says whether it did; losing a creation race is no error. */
    boolean ensureBucket() throws IOException {
        try {
            if (client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                return false;
            }
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            LOGGER.atInfo().addKeyValue("bucket", bucket).log("bucket created");
            return true;
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                throw new IOException("cannot create bucket " + bucket + ": " + code, e);
            }
            return false;
        } catch (Exception e) {
            throw new IOException("cannot check bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(GzipDump dump) throws IOException {
        try (InputStream in = Files.newInputStream(dump.file())) {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(dump.key()).stream(
                            in, dump.compressedBytes(), partSize)
                    .userMetadata(dump.metadata())
                    .build());
        } catch (ErrorResponseException e) {
            String message = "cannot put " + dump.key() + " into " + bucket + ": "
                    + e.errorResponse().code();
            if (PermanentBlobException.permanent(e.response().code())) {
                throw new PermanentBlobException(message, e);
            }
            throw new IOException(message, e);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot put " + dump.key() + " into " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** Whether the bucket answers now. */
    boolean reachable() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            return false;
        }
    }
}
