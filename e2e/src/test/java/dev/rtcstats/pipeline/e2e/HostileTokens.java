package dev.rtcstats.pipeline.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 tokens with any claims, validly signed with the pipeline's secret: what a client holding a token minted for
 * it could not change, but a careless or compromised token service could put in.
 */
final class HostileTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private HostileTokens() {}

    /** A token whose {@code rtcStats} claim is {@code rtcStats}, beside {@code extra} top-level claims. */
    static String sign(Map<String, Object> rtcStats, Map<String, Object> extra) {
        Map<String, Object> payload = new LinkedHashMap<>(extra);
        payload.put("rtcStats", rtcStats);
        payload.put("exp", System.currentTimeMillis() / 1000 + 600);
        try {
            String signed =
                    BASE64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                            + BASE64.encodeToString(JSON.writeValueAsBytes(payload));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Pipeline.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signed + "." + BASE64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }
}
