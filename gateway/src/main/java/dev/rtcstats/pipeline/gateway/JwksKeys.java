package dev.rtcstats.pipeline.gateway;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.Key;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Public keys from a JWKS file, looked up by {@code kid}. The file is read again when a token names an unknown
 * {@code kid} and the file changed since, so keys can be rotated by rewriting the file without a restart.
 */
final class JwksKeys {
    private static final Logger LOGGER = LoggerFactory.getLogger(JwksKeys.class);
    private final Path file;
    private volatile Map<String, Key> keys = Map.of();
    private volatile FileTime loadedVersion;

    JwksKeys(Path file) {
        this.file = file;
        reload();
    }

    /** The key with {@code kid}, or null when the file has none. */
    Key find(String kid) {
        if (kid == null) {
            return keys.size() == 1 ? keys.values().iterator().next() : null;
        }
        Key key = keys.get(kid);
        if (key == null && changed()) {
            try {
                reload();
            } catch (RuntimeException e) {
                // A half-written or broken file must not refuse everyone: keep serving the keys loaded before.
                LOGGER.atWarn()
                        .addKeyValue("file", file)
                        .addKeyValue("error", e.toString())
                        .log("JWKS reload failed; keeping the previous keys");
            }
            key = keys.get(kid);
        }
        return key;
    }

    private boolean changed() {
        try {
            return !Files.getLastModifiedTime(file).equals(loadedVersion);
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void reload() {
        try {
            FileTime version = Files.getLastModifiedTime(file);
            JwkSet set = Jwks.setParser().build().parse(Files.readString(file, StandardCharsets.UTF_8));
            Map<String, Key> loaded = new HashMap<>();
            for (Jwk<?> jwk : set.getKeys()) {
                if (jwk.getId() != null) {
                    loaded.put(jwk.getId(), jwk.toKey());
                }
            }
            keys = Map.copyOf(loaded);
            loadedVersion = version;
            LOGGER.atInfo()
                    .addKeyValue("file", file)
                    .addKeyValue("keys", loaded.keySet())
                    .log("JWKS loaded");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JWKS file " + file, e);
        }
    }
}
