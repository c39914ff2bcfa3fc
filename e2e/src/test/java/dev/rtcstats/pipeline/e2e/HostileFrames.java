package dev.rtcstats.pipeline.e2e;

import dev.rtcstats.pipeline.e2e.HostileInput.Frame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Builders of the frames in {@link HostileCorpus}: getStats polls of any size, failures, wide and huge frames. */
final class HostileFrames {
    private HostileFrames() {}

    static Frame text(String text) {
        return Frame.text(text);
    }

    static Frame[] repeat(Frame frame, int times) {
        Frame[] frames = new Frame[times];
        Arrays.fill(frames, frame);
        return frames;
    }

    static Frame bigFrame(char fill) {
        return text("[\"addIceCandidate\",\"PC_0\",\"" + String.valueOf(fill).repeat(900_000) + "\",1]");
    }

    static Frame failure(String peerConnection) {
        return text("[\"addIceCandidateOnFailure\",\"" + peerConnection + "\",\"" + "\\u0001".repeat(66_000) + "\",1]");
    }

    /** One poll of 400 reports with 10 values each, then {@code polls - 1} deltas that carry them all forward. */
    static Frame[] tinyDeltas(int polls) {
        List<Frame> frames = new ArrayList<>();
        frames.add(text(getStats(0, 400, 10, "1")));
        for (int poll = 2; poll <= polls; poll++) {
            frames.add(text("[\"g\",\"PC_0\",{\"t\":" + poll + "},1]"));
        }
        return frames.toArray(Frame[]::new);
    }

    /** {@code polls} getStats frames that each restate the same 400 reports of 10 values. */
    static Frame[] fullPolls(int polls) {
        List<Frame> frames = new ArrayList<>();
        for (int poll = 1; poll <= polls; poll++) {
            frames.add(text(getStats(0, 400, 10, Integer.toString(poll))));
        }
        return frames.toArray(Frame[]::new);
    }

    static Frame[] escapedReportPolls() {
        String id = "\\u0001".repeat(8_000);
        List<Frame> frames = new ArrayList<>();
        for (int poll = 1; poll <= 10; poll++) {
            frames.add(text("[\"g\",\"PC_0\",{\"" + id + "\":{\"type\":\"outbound-rtp\",\"bytesSent\":" + poll * 1000
                    + ",\"packetsSent\":" + poll + "},\"t\":" + poll * 1000 + "},1000]"));
        }
        return frames.toArray(Frame[]::new);
    }

    static String wideObject(int keys) {
        StringBuilder frame = new StringBuilder("[\"getUserMedia\",null,{");
        for (int key = 0; key < keys; key++) {
            frame.append(key == 0 ? "" : ",")
                    .append("\"k")
                    .append(key)
                    .append("\":")
                    .append(key);
        }
        return frame.append("},1]").toString();
    }

    /** A getStats frame with {@code count} reports from id {@code first}, each with {@code properties} counters. */
    static String getStats(int first, int count, int properties, String time) {
        StringBuilder frame = new StringBuilder("[\"g\",\"PC_0\",{");
        for (int report = first; report < first + count; report++) {
            frame.append("\"R").append(report).append("\":{\"type\":\"inbound-rtp\"");
            for (int property = 0; property < properties; property++) {
                frame.append(",\"").append(80 + property).append("\":").append(report + property);
            }
            frame.append("},");
        }
        return frame.append("\"t\":").append(time).append("},1]").toString();
    }

    static byte[] garbage(long seed) {
        byte[] bytes = new byte[2048];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
