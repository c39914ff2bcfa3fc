package dev.rtcstats.pipeline.enricher.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The frames of a Chrome-like rtcStats call with one PeerConnection sending and receiving audio and video: setup
 * (create, tracks, offer/answer, candidates, connected), a first full getStats report of 16 reports, then one
 * compressed delta a poll (counters of the RTP streams, transport and pair; about 450 bytes, as recorded calls
 * average). Property names use the wire ids of rtcstats-js, so decompression does its real work.
 */
final class SyntheticCall {
    private static final String[] RTP = {"IA", "IV", "OA", "OV"};

    private SyntheticCall() {}

    /** The frame lines of a call with {@code polls} getStats polls, one a second. */
    static List<String> frames(int polls, long seed) {
        Random random = new Random(seed);
        long t0 = 1_764_000_000_000L;
        List<String> frames = new ArrayList<>(polls + 16);
        frames.add("[39,\"PC_0\",{\"iceServers\":[{\"urls\":[\"stun:stun.example.test:3478\","
                + "\"turn:turn.example.test:3478?transport=udp\"]}],\"bundlePolicy\":\"max-bundle\"},10]");
        frames.add("[30,\"PC_0\",[\"audio\",\"mic-1\",\"Default - USB Mic\",\"s1\"],10]");
        frames.add("[30,\"PC_0\",[\"video\",\"cam-1\",\"FaceTime HD Camera\",\"s1\"],10]");
        frames.add("[2,\"PC_0\",null,\"2-0\",10]");
        frames.add("[3,\"PC_0\",{\"type\":\"offer\",\"sdp\":\"v=0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\\r\\n\"},\"2-0\",30]");
        frames.add("[6,\"PC_0\",{\"type\":\"offer\",\"sdp\":\"v=\\r\\nm=\\r\\nm=\\r\\n\"},\"6-0\",10]");
        frames.add("[8,\"PC_0\",{\"type\":\"answer\",\"sdp\":\"v=0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\\r\\n\"},\"8-0\",40]");
        for (int candidate = 0; candidate < 3; candidate++) {
            frames.add("[20,\"PC_0\",{\"candidate\":\"candidate:" + candidate + " 1 udp 2122260223 "
                    + (candidate == 0 ? "abc.local" : "203.0.113." + candidate)
                    + " 5000" + candidate + " typ " + (candidate == 0 ? "host" : "srflx")
                    + "\",\"sdpMid\":\"0\"},5]");
        }
        frames.add("[22,\"PC_0\",[\"audio\",\"remote-a\",\"\",\"s2\"],10]");
        frames.add("[22,\"PC_0\",[\"video\",\"remote-v\",\"\",\"s2\"],10]");
        frames.add("[25,\"PC_0\",\"connecting\",50]");
        frames.add("[25,\"PC_0\",\"connected\",80]");
        frames.add(firstPoll(t0));
        long[] counters = new long[RTP.length];
        for (int poll = 1; poll < polls; poll++) {
            frames.add(delta(t0 + poll * 1000L, poll, counters, random));
        }
        return frames;
    }

    private static String firstPoll(long time) {
        StringBuilder poll = new StringBuilder("[\"g\",\"PC_0\",{");
        poll.append("\"IA\":{\"type\":1,\"10\":1111,\"11\":\"audio\",\"17\":\"remote-a\",\"12\":\"CA\",\"5\":\"T\","
                + "\"14\":0,\"15\":0,\"16\":0,\"41\":0,\"51\":0,\"52\":0,\"57\":0.01},");
        poll.append("\"IV\":{\"type\":1,\"10\":2222,\"11\":\"video\",\"17\":\"remote-v\",\"12\":\"CV\",\"5\":\"T\","
                + "\"14\":0,\"15\":0,\"20\":0,\"41\":0,\"23\":640,\"24\":480,\"25\":30},");
        poll.append("\"OA\":{\"type\":2,\"10\":3333,\"11\":\"audio\",\"81\":\"MA\",\"12\":\"CA\",\"5\":\"T\","
                + "\"79\":0,\"80\":0,\"84\":0},");
        poll.append("\"OV\":{\"type\":2,\"10\":4444,\"11\":\"video\",\"81\":\"MV\",\"12\":\"CV\",\"5\":\"T\","
                + "\"79\":0,\"80\":0,\"91\":0,\"89\":0,\"87\":1500000},");
        poll.append("\"MA\":{\"type\":12,\"11\":\"audio\",\"17\":\"mic-1\",\"57\":0.1},");
        poll.append("\"MV\":{\"type\":12,\"11\":\"video\",\"17\":\"cam-1\",\"106\":1280,\"107\":720,\"108\":0},");
        poll.append("\"T\":{\"type\":5,\"80\":0,\"41\":0,\"125\":\"CP\",\"123\":\"connected\",\"128\":\"FEFD\","
                + "\"130\":\"client\",\"131\":\"AES_CM_128_HMAC_SHA1_80\"},");
        poll.append("\"CP\":{\"type\":6,\"5\":\"T\",\"148\":\"L1\",\"149\":\"R1\",\"118\":\"succeeded\",\"150\":true,"
                + "\"80\":0,\"41\":0,\"76\":0,\"152\":0.02,\"157\":1,\"156\":1,\"153\":2000000},");
        poll.append("\"L1\":{\"type\":7,\"134\":\"203.0.113.1\",\"135\":50001,\"116\":\"udp\",\"136\":\"srflx\","
                + "\"137\":1686052607},");
        poll.append("\"R1\":{\"type\":8,\"134\":\"198.51.100.9\",\"135\":40000,\"116\":\"udp\",\"136\":\"host\","
                + "\"137\":2122260223},");
        poll.append("\"CA\":{\"type\":14,\"4\":111,\"6\":\"audio/opus\",\"7\":48000,\"8\":2},");
        poll.append("\"CV\":{\"type\":14,\"4\":96,\"6\":\"video/VP8\",\"7\":90000},");
        poll.append("\"P\":{\"type\":10,\"timestamp\":").append(time).append("},");
        return poll.append("\"t\":").append(time).append("},1000]").toString();
    }

    private static String delta(long time, int poll, long[] counters, Random random) {
        StringBuilder delta = new StringBuilder("[\"g\",\"PC_0\",{");
        for (int i = 0; i < RTP.length; i++) {
            counters[i] += 40 + random.nextInt(20);
            boolean inbound = RTP[i].startsWith("I");
            boolean video = RTP[i].endsWith("V");
            delta.append('"').append(RTP[i]).append("\":{");
            if (inbound) {
                delta.append("\"14\":").append(counters[i]).append(",\"41\":").append(counters[i] * 120);
                delta.append(",\"16\":").append(random.nextInt(30) / 1000.0);
                delta.append(video ? ",\"20\":" + poll * 30 : ",\"51\":" + poll * 48000L);
            } else {
                delta.append("\"79\":").append(counters[i]).append(",\"80\":").append(counters[i] * 110);
                delta.append(video ? ",\"91\":" + poll * 30 : ",\"84\":" + counters[i] * 12);
            }
            delta.append("},");
        }
        long sent = counters[2] * 110 + counters[3] * 110;
        long received = counters[0] * 120 + counters[1] * 120;
        delta.append("\"T\":{\"80\":")
                .append(sent)
                .append(",\"41\":")
                .append(received)
                .append("},");
        delta.append("\"CP\":{\"80\":").append(sent).append(",\"41\":").append(received);
        delta.append(",\"76\":")
                .append(poll * 0.02)
                .append(",\"157\":")
                .append(poll + 1)
                .append("},");
        return delta.append("\"t\":").append(time).append("},1000]").toString();
    }
}
