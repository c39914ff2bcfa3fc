package dev.rtcstats.pipeline.enricher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random frame lines for fuzzing the feature code: mostly rtcStats-shaped frames whose every element may be
 * of the wrong type or absurd (methods, PeerConnection ids, getStats deltas, SDPs, tracks, states, time deltas),
 * mixed with garbage, truncated JSON and deep nesting. The same seed gives the same lines.
 */
final class RandomDumps {
    private static final String[] METHODS = {
        "g",
        "1",
        "2",
        "3",
        "5",
        "6",
        "8",
        "10",
        "16",
        "20",
        "22",
        "23",
        "24",
        "25",
        "26",
        "30",
        "32",
        "36",
        "39",
        "51",
        "60",
        "61",
        "72",
        "getStats",
        "ontrack",
        "addTrack",
        "replaceTrack",
        "setLocalDescription",
        "create",
        "close",
        "createOfferOnSuccess",
        "onconnectionstatechange",
        "oniceconnectionstatechange",
        "getUserMedia",
        "websocket"
    };
    private static final String[] STATES = {"connected", "\"stable\"", "checking", "failed", "new", "closed", "x"};
    private static final String[] TYPES = {"1", "2", "3", "5", "6", "7", "8", "14", "\"codec\"", "99", "\"\""};
    private final Random random;

    RandomDumps(long seed) {
        this.random = new Random(seed);
    }

    /** The frame lines of one dump, without header, metadata and close line. */
    List<String> lines(int maxLines) {
        int count = 1 + random.nextInt(maxLines);
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(line());
        }
        return lines;
    }

    private String line() {
        return switch (random.nextInt(20)) {
            case 0 -> garbage();
            case 1 -> frame().substring(0, 1 + random.nextInt(5));
            case 2 -> "[".repeat(random.nextInt(2000)) + "]".repeat(random.nextInt(2000));
            case 3 -> "";
            default -> frame();
        };
    }

    private String frame() {
        StringBuilder frame = new StringBuilder("[");
        frame.append(random.nextInt(8) == 0 ? value(2) : quote(pick(METHODS))).append(',');
        frame.append(peerConnection()).append(',');
        frame.append(payload());
        for (int extra = random.nextInt(3); extra > 0; extra--) {
            frame.append(',').append(random.nextBoolean() ? quote("x-" + random.nextInt(9)) : value(1));
        }
        if (random.nextInt(10) > 0) {
            frame.append(',').append(delta());
        }
        return frame.append(']').toString();
    }

    private String peerConnection() {
        return switch (random.nextInt(8)) {
            case 0 -> "null";
            case 1 -> value(1);
            case 2 -> "\"undefined-undefined\"";
            default -> quote("PC_" + random.nextInt(3));
        };
    }

    private String payload() {
        return switch (random.nextInt(9)) {
            case 0, 1, 2 -> statsDelta();
            case 3 -> "{\"type\":\"" + (random.nextBoolean() ? "offer" : "answer") + "\",\"sdp\":" + quote(sdp()) + "}";
            case 4 ->
                "[\"" + (random.nextBoolean() ? "audio" : "video") + "\",\"track-" + random.nextInt(4)
                        + "\",\"label\",\"stream\"]";
            case 5 -> quote(pick(STATES));
            case 6 ->
                "{\"candidate\":\"candidate:1 1 udp 2122260223 10.0.0." + random.nextInt(255) + " 5000 typ "
                        + pick(new String[] {"host", "srflx", "relay", "prflx"}) + "\",\"sdpMid\":\"0\"}";
            default -> value(4);
        };
    }

    private String statsDelta() {
        StringBuilder delta = new StringBuilder("{");
        int reports = random.nextInt(12);
        for (int i = 0; i < reports; i++) {
            String id = random.nextInt(10) == 0 ? "id" + random.nextInt(1000) : "R" + random.nextInt(8);
            delta.append(quote(id)).append(':');
            if (random.nextInt(8) == 0) {
                delta.append(random.nextBoolean() ? "null" : value(1));
            } else {
                delta.append(report());
            }
            delta.append(',');
        }
        return delta.append("\"t\":")
                .append(random.nextInt(5) == 0 ? value(0) : delta())
                .append('}')
                .toString();
    }

    private String report() {
        StringBuilder report = new StringBuilder("{\"type\":").append(pick(TYPES));
        int properties = random.nextInt(10);
        for (int i = 0; i < properties; i++) {
            String key = random.nextInt(4) == 0 ? "k" + random.nextInt(20) : Integer.toString(4 + random.nextInt(175));
            report.append(',').append(quote(key)).append(':').append(random.nextInt(6) == 0 ? value(2) : number());
        }
        if (random.nextInt(4) == 0) {
            report.append(",\"trackIdentifier\":\"track-")
                    .append(random.nextInt(4))
                    .append('"');
            report.append(",\"mediaSourceId\":\"R").append(random.nextInt(8)).append('"');
        }
        return report.append('}').toString();
    }

    private String sdp() {
        StringBuilder sdp = new StringBuilder(random.nextInt(3) == 0 ? "v=" : "v=0\r\no=- 1 2 IN IP4 0.0.0.0");
        for (int section = random.nextInt(4); section > 0; section--) {
            sdp.append(random.nextInt(3) == 0 ? "\nm=" : "\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:" + section);
        }
        return sdp.toString();
    }

    private String delta() {
        return switch (random.nextInt(12)) {
            case 0 -> "1e300";
            case 1 -> "-1e18";
            case 2 -> "\"NaN\"";
            case 3 -> Long.toString(1_700_000_000_000L + random.nextInt(1_000_000));
            case 4 -> Double.toString(random.nextDouble() * 1000);
            case 5 -> "-" + random.nextInt(1000);
            default -> Integer.toString(random.nextInt(2000));
        };
    }

    private String number() {
        return switch (random.nextInt(8)) {
            case 0 -> "1e308";
            case 1 -> "-0.0";
            case 2 -> "123456789012345678901234567890";
            case 3 -> Double.toString(random.nextGaussian() * 1e6);
            default -> Integer.toString(random.nextInt(100_000));
        };
    }

    private String value(int depth) {
        int kind = depth == 0 ? random.nextInt(5) : random.nextInt(7);
        return switch (kind) {
            case 0 -> number();
            case 1 ->
                quote(
                        random.nextInt(10) == 0
                                ? "é☕\\u0000" + "x".repeat(random.nextInt(300))
                                : "s" + random.nextInt(9));
            case 2 -> random.nextBoolean() ? "true" : "false";
            case 3 -> "null";
            case 4 -> delta();
            case 5 -> {
                StringBuilder array = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.append(value(depth - 1)).append(i > 1 ? "," : "");
                }
                yield array.append(']').toString();
            }
            default -> {
                StringBuilder object = new StringBuilder("{");
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.append(quote("k" + random.nextInt(6))).append(':').append(value(depth - 1));
                    object.append(i > 1 ? "," : "");
                }
                yield object.append('}').toString();
            }
        };
    }

    private String garbage() {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static String quote(String text) {
        return '"' + text.replace("\"", "\\\"") + '"';
    }
}
