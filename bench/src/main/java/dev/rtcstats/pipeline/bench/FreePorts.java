package dev.rtcstats.pipeline.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Prints {@code N} distinct free TCP ports on 127.0.0.1, one a line, for the benchmark scripts. */
public final class FreePorts {
    private FreePorts() {}

    public static void main(String[] args) throws IOException {
        int count = args.length == 0 ? 1 : Math.min(Integer.parseInt(args[0]), 16);
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            held.forEach(socket -> System.out.println(socket.getLocalPort()));
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }
}
