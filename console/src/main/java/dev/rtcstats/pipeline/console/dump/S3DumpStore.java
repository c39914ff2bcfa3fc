package dev.rtcstats.pipeline.console.dump;

import dev.rtcstats.pipeline.console.ConsoleConfig;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Dumps from the sink's S3-compatible bucket through the MinIO SDK. */
public final class S3DumpStore implements DumpStore {
    private final MinioClient client;
    private final String bucket;

    public S3DumpStore(ConsoleConfig.S3Dumps config) {
        this.client = MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .build();
        this.bucket = config.bucket();
        client.setTimeout(TimeUnit.SECONDS.toMillis(10), TimeUnit.MINUTES.toMillis(2), TimeUnit.MINUTES.toMillis(2));
    }

    @Override
    public Optional<Dump> open(String key) throws IOException {
        try {
            StatObjectResponse stat = client.statObject(
                    StatObjectArgs.builder().bucket(bucket).object(key).build());
            return Optional.of(new Dump(
                    client.getObject(
                            GetObjectArgs.builder().bucket(bucket).object(key).build()),
                    stat.size()));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new IOException(
                    "cannot read " + key + " from " + bucket + ": "
                            + e.errorResponse().code(),
                    e);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot read " + key + " from " + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean enabled() {
        return true;
    }
}
