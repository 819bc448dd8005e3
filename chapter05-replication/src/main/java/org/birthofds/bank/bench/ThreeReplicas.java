package org.birthofds.bank.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Unreachable;

/**
 * A group of three replicas that keeps one log with Raft, as the benchmark sees it: members to
 * write to, a leader to find and kill, and a way back to health. Ours ({@link OurGroup}) and
 * etcd ({@link Etcd}) both are one, so the same measurement runs on both in the same run.
 */
interface ThreeReplicas extends AutoCloseable {
    String name();

    /** How often the leader sends a heartbeat and how long a follower waits for one, as configured: "heartbeat 50 ms, ...". */
    String timing();

    /** Where each member takes clients' writes, by index. */
    List<URI> members();

    /** The index of the member that leads now, or -1 if none says so. */
    int leader();

    /**
     * One durable write through {@code member}, the {@code n}th of {@code client}.
     *
     * @return null when acknowledged, else what the member answered instead
     * @throws Unreachable when no answer came in time
     */
    String write(HttpRemote member, String client, long n) throws Unreachable;

    /** The term {@code member} is in, or -1 if it does not answer: each election begins a new term. */
    long term(int member);

    /** How many times {@code member} has fsynced its log since it started, or -1 if it does not answer. */
    long fsyncs(int member);

    /** What a call straight to a member must carry: our replicas take only the cluster's own calls. */
    default Proof proof() {
        return null;
    }

    /** The CPU time its members have used so far, all three together: to price a write. */
    java.time.Duration cpuTime();

    /** SIGKILL, as a machine dies. */
    void kill(int member) throws InterruptedException;

    /** Starts a killed member again on its own data. */
    void restart(int member) throws IOException;

    /** Waits until all three members answer and one leads. */
    void awaitHealthy(Duration within) throws InterruptedException;

    @Override
    void close();
}
