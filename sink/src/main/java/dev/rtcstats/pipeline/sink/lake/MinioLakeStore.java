package dev.rtcstats.pipeline.sink.lake;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link LakeStore} on an S3-compatible bucket through the MinIO SDK. A file is one PUT, or a multipart upload
 * above the part size; either way the object appears under its key only when complete, never half-written.
 */
public final class MinioLakeStore implements LakeStore {
    private static final String CONTENT_TYPE = "application/vnd.apache.parquet";
    private final MinioClient client;
    private final String bucket;
    private final long partSize;

    public MinioLakeStore(MinioClient client, String bucket, long partSize) {
        this.client = client;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    @Override
    public void put(String key, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(in, Files.size(file), partSize)
                    .contentType(CONTENT_TYPE)
                    .build());
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot put " + key + " into " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** Creates the bucket when it is missing; losing a creation race is no error. */
    public void ensureBucket() throws IOException {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                throw new IOException("cannot create bucket " + bucket + ": " + code, e);
            }
        } catch (Exception e) {
            throw new IOException("cannot check bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    public boolean reachable() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            return false;
        }
    }
}
