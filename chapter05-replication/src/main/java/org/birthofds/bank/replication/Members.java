package org.birthofds.bank.replication;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Who is in a group, and where each one is: voters elect leaders and count toward a majority;
 * learners only receive the log, so a new machine can catch up without weakening the group. A
 * group's members are an entry in its own log, so that every replica agrees on them at every
 * index: a replica uses the latest such entry it holds, committed or not (the Raft thesis, 4.1).
 * Changed one server at a time, so that any majority of the old members and any majority of the
 * new share a replica, and two leaders can never be elected in one term by the two.
 *
 * <p>A member's id names one disk, not one machine: a replica that lost its disk has forgotten its
 * votes and what it acknowledged, and a vote forgotten can elect two leaders in one term. So the
 * group writes down the disk it knows each member by ({@code disks}, the name each disk drew when
 * it was new), as soon as its leader hears from it, and from then on refuses a vote or an
 * acknowledgement under that id from any other disk: a machine that lost its disk must be added
 * again, under a new id. A member not bound yet is taken from any disk; the leader binds every
 * member it hears from, so the window is a group's first heartbeats, and a learner's before its
 * promotion.
 */
public record Members(Map<String, String> voters, Map<String, String> learners, Map<String, String> disks) {
    private static final String PREFIX = "#members ";

    public Members {
        voters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(voters));
        learners = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(learners));
        disks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(disks));
        for (String id : voters.keySet()) {
            if (learners.containsKey(id) || id.isEmpty() || id.contains(" ") || id.contains(",") || id.contains("=")) {
                throw new IllegalArgumentException("bad member " + id);
            }
        }
        for (Map.Entry<String, String> bound : disks.entrySet()) {
            String disk = bound.getValue();
            if (!voters.containsKey(bound.getKey()) && !learners.containsKey(bound.getKey()) || disk.isEmpty()
                    || disk.contains(" ") || disk.contains(",") || disk.contains("=")) {
                throw new IllegalArgumentException("bad disk " + bound);
            }
        }
    }

    public Members(Map<String, String> voters, Map<String, String> learners) {
        this(voters, learners, Map.of());
    }

    /** The group as it started: every replica a voter, where the runtime knows them. */
    public static Members of(List<String> voters) {
        Map<String, String> at = new LinkedHashMap<>();
        voters.forEach(id -> at.put(id, ""));
        return new Members(at, Map.of());
    }

    /** One change of one member, as an operator asks it of the leader. */
    public record Change(Kind kind, String id, String address) {
        public enum Kind { ADD_LEARNER, PROMOTE, REMOVE }

        public static Change addLearner(String id, String address) {
            return new Change(Kind.ADD_LEARNER, id, address);
        }

        public static Change promote(String id) {
            return new Change(Kind.PROMOTE, id, "");
        }

        public static Change remove(String id) {
            return new Change(Kind.REMOVE, id, "");
        }

        Members applyTo(Members members) {
            return switch (kind) {
                case ADD_LEARNER -> members.withLearner(id, address);
                case PROMOTE -> members.promoted(id);
                case REMOVE -> members.without(id);
            };
        }
    }

    public boolean isVoter(String id) {
        return voters.containsKey(id);
    }

    public boolean contains(String id) {
        return voters.containsKey(id) || learners.containsKey(id);
    }

    /** False if the group knows {@code id} by another disk than {@code disk}: it lost the one it had. */
    public boolean knows(String id, String disk) {
        String bound = disks.get(id);
        return bound == null || bound.equals(disk);
    }

    /**
     * The same members, each of {@code heard} (id to disk) known from now on by that disk: as a
     * leader writes down the disks it hears from, or as a group is founded on disks named beforehand.
     */
    public Members bound(Map<String, String> heard) {
        Map<String, String> more = new LinkedHashMap<>(disks);
        heard.forEach(more::putIfAbsent);
        return new Members(voters, learners, more);
    }

    /** Everyone but {@code id}: whom a leader sends the log. */
    public List<String> others(String id) {
        List<String> others = new ArrayList<>();
        voters.keySet().stream().filter(v -> !v.equals(id)).forEach(others::add);
        learners.keySet().stream().filter(l -> !l.equals(id)).forEach(others::add);
        return others;
    }

    public int majority() {
        return voters.size() / 2 + 1;
    }

    public Members withLearner(String id, String address) {
        Map<String, String> more = new LinkedHashMap<>(learners);
        more.put(id, address);
        return new Members(voters, more, disks);
    }

    public Members promoted(String id) {
        Map<String, String> fewer = new LinkedHashMap<>(learners);
        Map<String, String> more = new LinkedHashMap<>(voters);
        more.put(id, fewer.remove(id));
        return new Members(more, fewer, disks);
    }

    /** Without {@code id}, and without its disk: added again later, it is bound to whatever disk it then has. */
    public Members without(String id) {
        Map<String, String> v = new LinkedHashMap<>(voters);
        Map<String, String> l = new LinkedHashMap<>(learners);
        Map<String, String> d = new LinkedHashMap<>(disks);
        v.remove(id);
        l.remove(id);
        d.remove(id);
        return new Members(v, l, d);
    }

    /** Where {@code id} is, or null. */
    public String address(String id) {
        return voters.containsKey(id) ? voters.get(id) : learners.get(id);
    }

    /** As a log entry's command: a line no client command can be (theirs are JSON, or empty for a no-op). */
    public String encode() {
        return PREFIX + "voters=" + join(voters) + " learners=" + join(learners) + (disks.isEmpty() ? "" : " disks=" + join(disks));
    }

    public static boolean isMembers(String command) {
        return command.startsWith(PREFIX);
    }

    public static Members decode(String command) {
        String[] parts = command.substring(PREFIX.length()).split(" ");
        if (parts.length < 2 || parts.length > 3 || !parts[0].startsWith("voters=") || !parts[1].startsWith("learners=")
                || parts.length == 3 && !parts[2].startsWith("disks=")) {
            throw new IllegalArgumentException("not a members entry: " + command);
        }
        return new Members(split(parts[0].substring(7)), split(parts[1].substring(9)),
                parts.length == 3 ? split(parts[2].substring(6)) : Map.of());
    }

    private static String join(Map<String, String> members) {
        StringJoiner out = new StringJoiner(",");
        members.forEach((id, address) -> out.add(address.isEmpty() ? id : id + "=" + address));
        return out.toString();
    }

    private static Map<String, String> split(String text) {
        Map<String, String> members = new LinkedHashMap<>();
        for (String member : text.isEmpty() ? new String[0] : text.split(",")) {
            int at = member.indexOf('=');
            members.put(at < 0 ? member : member.substring(0, at), at < 0 ? "" : member.substring(at + 1));
        }
        return members;
    }

    @Override
    public String toString() {
        return "voters " + voters.keySet() + (learners.isEmpty() ? "" : ", learners " + learners.keySet());
    }
}
