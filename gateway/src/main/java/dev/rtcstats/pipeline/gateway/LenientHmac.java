package dev.rtcstats.pipeline.gateway;

import io.jsonwebtoken.security.SecureDigestAlgorithm;
import io.jsonwebtoken.security.SecureRequest;
import io.jsonwebtoken.security.SecurityException;
import io.jsonwebtoken.security.VerifySecureDigestRequest;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * HS256/384/512 without jjwt's minimum key length. jjwt refuses HMAC keys shorter than the hash (RFC 7518 §3.2),
 * while the reference's jsonwebtoken accepts any secret, and deployments share short secrets with it; so the
 * gateway registers these in place of jjwt's own HMAC algorithms. The MAC itself is the JCA's.
 */
enum LenientHmac implements SecureDigestAlgorithm<SecretKey, SecretKey> {
    HS256("HmacSHA256"),
    HS384("HmacSHA384"),
    HS512("HmacSHA512");

    private final String jcaName;

    LenientHmac(String jcaName) {
        this.jcaName = jcaName;
    }

    String jcaName() {
        return jcaName;
    }

    @Override
    public String getId() {
        return name();
    }

    @Override
    public byte[] digest(SecureRequest<InputStream, SecretKey> request) {
        try {
            Mac mac = Mac.getInstance(jcaName);
            mac.init(request.getKey());
            try (InputStream payload = request.getPayload()) {
                byte[] buffer = new byte[4096];
                for (int read = payload.read(buffer); read != -1; read = payload.read(buffer)) {
                    mac.update(buffer, 0, read);
                }
            }
            return mac.doFinal();
        } catch (GeneralSecurityException | IOException e) {
            throw new SecurityException("cannot compute " + name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean verify(VerifySecureDigestRequest<SecretKey> request) {
        return MessageDigest.isEqual(digest(request), request.getDigest());
    }
}
