package dev.rtcstats.pipeline.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rtcstats.pipeline.common.AddressObfuscation;
import dev.rtcstats.pipeline.common.DumpFormat;
import dev.rtcstats.pipeline.common.Json;
import java.util.Map;
import java.util.Set;

/**
 * Builds the second line of the dump, the reference's metadata object, with its key order: url, origin, userAgent,
 * startTime, remoteAddresses, clientProtocol, fileFormat. Like {@code JSON.stringify} of an undefined header, a
 * header the client did not send is left out.
 */
final class MetadataLine {
    /**
     * Keys only the server may set in an uploaded dump: what it learns from the request, and {@code locations}, which
     * the reference derives from the addresses.
     */
    static final Set<String> SERVER_KEYS =
            Set.of("url", "origin", "userAgent", "startTime", "remoteAddresses", "locations", "fileFormat");

    private final boolean obfuscateAddresses;

    MetadataLine(boolean obfuscateAddresses) {
        this.obfuscateAddresses = obfuscateAddresses;
    }

    /** A WebSocket connection's metadata, all from its upgrade request. */
    String build(UpgradeRequest request, long startTime) {
        return build(request, startTime, request.clientProtocol()).toString();
    }

    /**
     * An upload's metadata. The server's keys come from the upload request, as for a WebSocket; from the client's
     * own metadata line only {@code clientProtocol} (when a string: the protocol the dump was recorded with) and
     * the keys that are not {@link #SERVER_KEYS} are kept, unchanged and in the client's order, after the server's.
     */
    String buildForUpload(UpgradeRequest request, long startTime, ObjectNode client) {
        JsonNode protocol = client.get("clientProtocol");
        ObjectNode node =
                build(request, startTime, protocol != null && protocol.isTextual() ? protocol.asText() : null);
        for (Map.Entry<String, JsonNode> entry : client.properties()) {
            if (!SERVER_KEYS.contains(entry.getKey()) && !entry.getKey().equals("clientProtocol")) {
                node.set(entry.getKey(), entry.getValue());
            }
        }
        return node.toString();
    }

    private ObjectNode build(UpgradeRequest request, long startTime, String clientProtocol) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("url", request.obfuscatedUrl());
        if (request.origin() != null) {
            node.put("origin", request.origin());
        }
        if (request.userAgent() != null) {
            node.put("userAgent", request.userAgent());
        }
        node.put("startTime", startTime);
        ArrayNode addresses = node.putArray("remoteAddresses");
        for (String address : request.remoteAddresses()) {
            addresses.add(obfuscateAddresses ? AddressObfuscation.obfuscate(address) : address);
        }
        if (clientProtocol != null) {
            node.put("clientProtocol", clientProtocol);
        }
        node.put("fileFormat", DumpFormat.FILE_FORMAT);
        return node;
    }
}
