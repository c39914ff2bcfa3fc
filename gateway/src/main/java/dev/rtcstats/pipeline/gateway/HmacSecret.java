package dev.rtcstats.pipeline.gateway;

import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The shared HS256/384/512 secret, used as raw UTF-8 bytes like the reference (jsonwebtoken) does. */
final class HmacSecret {
    private final byte[] secret;

    HmacSecret(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The key for {@code jcaName} (HmacSHA256, HmacSHA384 or HmacSHA512), whatever the secret's length. */
    SecretKey keyFor(String jcaName) {
        return new SecretKeySpec(secret, jcaName);
    }

    boolean isShorterThan(int bits) {
        return secret.length * 8 < bits;
    }
}
