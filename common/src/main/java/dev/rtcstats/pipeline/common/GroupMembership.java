package dev.rtcstats.pipeline.common;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;

/**
 * How the services' consumers belong to their groups: as static members ({@code group.instance.id}) under an id from
 * their own variable or else the host name (a pod's name), so that a restarted instance takes its partitions back
 * without waiting for its session timeout to expire.
 */
public final class GroupMembership {
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(3);

    private GroupMembership() {}

    /** The id in {@code variable}, else {@code HOSTNAME}; none when neither is set or the value is {@code none}. */
    public static Optional<String> instanceId(Env env, String variable) {
        String id = env.string(variable, env.string("HOSTNAME", ""));
        return id.isEmpty() || id.equals("none") ? Optional.empty() : Optional.of(id);
    }

    /** Refuses an id the broker would not take, naming {@code variable}. */
    public static void requireValid(String variable, Optional<String> instanceId) {
        if (instanceId.isPresent() && !INSTANCE_ID.matcher(instanceId.get()).matches()) {
            throw new ConfigException(
                    variable + " must be 1-200 letters, digits, '.', '_' or '-', got '" + instanceId.get() + "'");
        }
    }

    /** Refuses a session timeout too short for a member to heartbeat through a pause, naming {@code variable}. */
    public static void requireSessionTimeout(String variable, Duration sessionTimeout) {
        if (sessionTimeout.compareTo(MIN_SESSION_TIMEOUT) < 0) {
            throw new ConfigException(variable + " must be at least 3s, got " + sessionTimeout);
        }
    }

    /**
     * How a consumer leaves when it closes: a clean stop leaves its group, handing its partitions to another member
     * at once (a static member would otherwise hold them for the session timeout); a simulated crash stays, as a
     * killed process does.
     */
    public static CloseOptions onClose(boolean crashed) {
        return CloseOptions.groupMembershipOperation(
                crashed
                        ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                        : CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }
}
