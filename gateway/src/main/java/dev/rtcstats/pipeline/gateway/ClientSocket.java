package dev.rtcstats.pipeline.gateway;

/**
 * What a {@link ConnectionSession} does to its socket, so that its rules can be tested without one. Methods marked
 * IO-thread run only on the socket's IO thread; {@link #execute} gets there from anywhere.
 */
interface ClientSocket {
    /** Runs {@code task} on the socket's IO thread. */
    void execute(Runnable task);

    /** Runs {@code task} on the socket's IO thread after {@code delayMillis}. */
    void schedule(Runnable task, long delayMillis);

    /** IO thread: stop reading frames. */
    void suspendReads();

    /** IO thread: read frames again. */
    void resumeReads();

    /** IO thread: sends a close frame; the socket is cut if the peer does not answer it in time. */
    void close(int code, String reason);

    /** Cuts the connection without a close handshake. */
    void abort();

    /** The code of a close frame the protocol layer sent by itself (1007, 1009), or -1. */
    int protocolCloseCode();
}
