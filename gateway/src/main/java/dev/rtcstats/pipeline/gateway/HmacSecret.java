package dev.rtcstats.pipeline.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared HS256/384/512 secret, used as raw UTF-8 bytes like the reference (jsonwebtoken) does. jjwt refuses
 * HMAC keys shorter than the hash (RFC 7518 §3.2) when it can read their length; the reference accepts any length,
 * so a short secret is wrapped in a key whose encoding is not declared {@code RAW}, which jjwt cannot measure and
 * therefore accepts, while the JCA {@code Mac} still reads its bytes.
 */
final class HmacSecret {
    private final byte[] secret;

    HmacSecret(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The key for {@code jcaName} (HmacSHA256, HmacSHA384 or HmacSHA512). */
    SecretKey keyFor(String jcaName, int minimumBits) {
        if (secret.length * 8 >= minimumBits) {
            return new SecretKeySpec(secret, jcaName);
        }
        return new ShortKey(secret, jcaName);
    }

    boolean isShorterThan(int bits) {
        return secret.length * 8 < bits;
    }

    /** A secret key jjwt cannot measure; see the class comment for why that is wanted. */
    private static final class ShortKey implements SecretKey {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;
        private final String algorithm;

        ShortKey(byte[] bytes, String algorithm) {
            this.bytes = bytes.clone();
            this.algorithm = algorithm;
        }

        @Override
        public String getAlgorithm() {
            return algorithm;
        }

        @Override
        public String getFormat() {
            return "RAW-SHORT";
        }

        @Override
        public byte[] getEncoded() {
            return Arrays.copyOf(bytes, bytes.length);
        }
    }
}
