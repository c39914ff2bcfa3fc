package dev.rtcstats.pipeline.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rtcstats.pipeline.common.AddressObfuscation;
import dev.rtcstats.pipeline.common.Json;

/**
 * Builds the second line of the dump, the reference's metadata object, with its key order: url, origin, userAgent, startTime, remoteAddresses, clientProtocol, fileFormat. Like
 * {@code JSON.stringify} of an undefined header, a header the client did not send is left out.
 */
final class MetadataLine {
    private final boolean obfuscateAddresses;

    MetadataLine(boolean obfuscateAddresses) {
        this.obfuscateAddresses = obfuscateAddresses;
    }

    String build(UpgradeRequest request, long startTime) {
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
        if (request.clientProtocol() != null) {
            node.put("clientProtocol", request.clientProtocol());
        }
        node.put("fileFormat", GatewayConfig.FILE_FORMAT);
        return node.toString();
    }
}
