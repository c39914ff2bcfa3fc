package dev.rtcstats.pipeline.common;

/**
 * Who a connection belongs to: the {@code rtcStats} claims of its token, the tenant (when tokens carry one) and the
 * gateway that accepted it. Any field but {@code gateway} may be null.
 */
public record Tags(String user, String conference, String session, String tenant, String gateway) {
    public static final Tags NONE = new Tags(null, null, null, null, null);

    public Tags {
        user = blankToNull(user);
        conference = blankToNull(conference);
        session = blankToNull(session);
        tenant = blankToNull(tenant);
        gateway = blankToNull(gateway);
    }

    public Tags withGateway(String gatewayHost) {
        return new Tags(user, conference, session, tenant, gatewayHost);
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
