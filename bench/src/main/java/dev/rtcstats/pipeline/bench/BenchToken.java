package dev.rtcstats.pipeline.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the HS256 token an rtcStats backend would hand a client, with the claims nested under {@code rtcStats}, so
 * that the gateway and the reference server both run with authorization on.
 */
record BenchToken(String secret) {
    String mint(String user, String session, String conference) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String payload = "{\"rtcStats\":{\"user\":\"" + user + "\",\"session\":\"" + session + "\",\"conference\":\""
                + conference + "\"},\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
        String signingInput = base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "."
                    + base64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
