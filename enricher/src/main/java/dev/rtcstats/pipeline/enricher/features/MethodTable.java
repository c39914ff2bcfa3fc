package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/** Maps compressed rtcstats method ids (wire element 0) back to method names; the ids are fixed by the protocol. */
final class MethodTable {
    // "id name" pairs; 1 and 68 are decompression-only ids, 62 is deliberately absent (never emitted by clients).
    private static final String TABLE = """
            g getStats
            1 getStats
            2 createOffer
            3 createOfferOnSuccess
            12 createOfferOnFailure
            4 createAnswer
            5 createAnswerOnSuccess
            13 createAnswerOnFailure
            6 setLocalDescription
            7 setLocalDescriptionOnSuccess
            14 setLocalDescriptionOnFailure
            8 setRemoteDescription
            9 setRemoteDescriptionOnSuccess
            15 setRemoteDescriptionOnFailure
            10 addIceCandidate
            11 addIceCandidateOnSuccess
            16 addIceCandidateOnFailure
            20 onicecandidate
            21 onicecandidateerror
            22 ontrack
            23 onsignalingstatechange
            24 oniceconnectionstatechange
            25 onconnectionstatechange
            26 onicegatheringstatechange
            27 onnegotiationneeded
            28 ondatachannel
            30 addTrack
            31 addTrackOnSuccess
            32 addTransceiver
            33 addTransceiverOnSuccess
            34 removeTrack
            35 createDataChannel
            36 close
            37 restartIce
            38 setConfiguration
            39 create
            40 constraints
            41 setCodecPreferences
            42 setHeaderExtensionsToNegotiate
            50 setParameters
            51 replaceTrack
            60 navigator.mediaDevices.getUserMedia
            61 navigator.mediaDevices.getUserMediaOnSuccess
            65 navigator.mediaDevices.getUserMediaOnFailure
            63 navigator.mediaDevices.getDisplayMedia
            64 navigator.mediaDevices.getDisplayMediaOnSuccess
            66 navigator.mediaDevices.enumerateDevices
            67 navigator.mediaDevices.ondevicechange
            68 navigator.mediaDevices.getDisplayMediaOnFailure
            70 MediaStreamTrack.stop
            71 MediaStreamTrack.applyConstraints
            72 MediaStreamTrack.onended
            73 MediaStreamTrack.onmute
            74 MediaStreamTrack.onunmute
            80 HTMLMediaElement.resize
            """;
    private static final Map<String, String> BY_ID = parse();

    private MethodTable() {}

    /** The method name for a wire method element; unknown ids and uncompressed names are returned as their text. */
    static String decompress(JsonNode method) {
        String key = JsonSemantics.propertyKey(method);
        return BY_ID.getOrDefault(key, key);
    }

    private static Map<String, String> parse() {
        Map<String, String> table = new HashMap<>();
        TABLE.lines().forEach(line -> {
            int space = line.indexOf(' ');
            table.put(line.substring(0, space), line.substring(space + 1));
        });
        return Map.copyOf(table);
    }
}
