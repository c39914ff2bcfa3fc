package dev.rtcstats.pipeline.console.auth;

import io.jsonwebtoken.security.Jwk;
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
 * Public keys from a JWKS file, by {@code kid}, as the gateway reads its own: a token naming an unknown {@code kid}
 * makes the file be read again if it changed, so keys rotate by rewriting the file; a broken rewrite keeps the keys
 * loaded before.
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

    /** The key named {@code kid} (or the only key when {@code kid} is absent), or null. */
    Key find(String kid) {
        if (kid == null) {
            Map<String, Key> current = keys;
            return current.size() == 1 ? current.values().iterator().next() : null;
        }
        Key key = keys.get(kid);
        if (key == null && changed()) {
            try {
                reload();
            } catch (RuntimeException e) {
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
            Map<String, Key> loaded = new HashMap<>();
            for (Jwk<?> jwk : Jwks.setParser()
                    .build()
                    .parse(Files.readString(file, StandardCharsets.UTF_8))
                    .getKeys()) {
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
