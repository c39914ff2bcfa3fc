package dev.rtcstats.pipeline.e2e;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Browsers arriving at the fleet's gateways without pause: up to {@code concurrency} sessions at a time, each
 * lasting a random time between the given bounds and sending a frame every {@code interval}, until stopped. Every session it started is kept, with the
 * gateway instance (and its generation) that served it.
 */
final class SessionLoad implements AutoCloseable {
    /** A session and the gateway process generation it was connected to. */
    record Session(SimulatedClient client, ServiceProcess gateway, int generation) {
        boolean connecting() {
            return !client.connectAttempt.isDone();
        }
    }

    private final Fleet fleet;
    private final String conference;
    private final Semaphore slots;
    private final Duration shortest;
    private final Duration longest;
    private final Duration interval;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService browsers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile boolean running = true;
    private Thread starter;

    SessionLoad(
            Fleet fleet, String conference, int concurrency, Duration shortest, Duration longest, Duration interval) {
        this.fleet = fleet;
        this.interval = interval;
        this.conference = conference;
        this.slots = new Semaphore(concurrency);
        this.shortest = shortest;
        this.longest = longest;
    }

    void start() {
        starter = Thread.ofPlatform().name("session-load").start(() -> {
            while (running) {
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                if (!running) {
                    slots.release();
                    return;
                }
                long millis = ThreadLocalRandom.current().nextLong(shortest.toMillis(), longest.toMillis() + 1);
                open(conference, Duration.ofMillis(millis), slots::release);
            }
        });
    }

    /** Opens {@code count} extra sessions of {@code length} in their own conference, outside the concurrency cap. */
    List<Session> openExtra(String extraConference, int count, Duration length) {
        List<Session> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            opened.add(open(extraConference, length, () -> {}));
        }
        return opened;
    }

    private Session open(String sessionConference, Duration length, Runnable done) {
        int number = counter.incrementAndGet();
        ServiceProcess gateway = fleet.nextGateway();
        SimulatedClient client = new SimulatedClient(sessionConference + "-session-" + number, interval, interval);
        Session session = new Session(client, gateway, gateway.generation());
        sessions.add(session);
        String url = Fleet.webSocketUrl(gateway, "user-" + number, sessionConference, client.session);
        browsers.submit(() -> {
            try {
                client.run(http, url, length);
            } finally {
                done.run();
            }
        });
        return session;
    }

    /** Every session started so far. */
    List<Session> sessions() {
        return List.copyOf(sessions);
    }

    int started() {
        return sessions.size();
    }

    /** Sessions whose handshake succeeded. */
    long opened() {
        return sessions.stream().filter(s -> s.client().opened()).count();
    }

    /**
     * Whether every session of {@code gateway} has finished its handshake and, if open, sent a few frames, so that
     * its open is acknowledged by Kafka; an operator's drain delay before a stop plays this part.
     */
    boolean settledOn(ServiceProcess gateway) {
        return sessions.stream()
                .filter(s -> s.gateway() == gateway)
                .noneMatch(s -> s.connecting()
                        || (s.client().opened()
                                && !s.client().closeCode.isDone()
                                && s.client().sent.size() < 3));
    }

    /** Stops starting sessions; those running go on to their end. */
    void stopStarting() throws InterruptedException {
        running = false;
        starter.interrupt();
        starter.join();
    }

    @Override
    public void close() {
        running = false;
        browsers.close();
        http.close();
    }
}
