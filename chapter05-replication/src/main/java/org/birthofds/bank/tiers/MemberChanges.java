package org.birthofds.bank.tiers;

import java.net.URI;
import java.util.List;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Json;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;

/**
 * One change of a group's members (group's POST /admin/members), asked of whichever replica leads
 * and asked again until it is done: a leader may be being elected, a learner may not have caught
 * up yet (409), a change may be under way. Asking twice does no harm: a change already in effect
 * is committed again as it is.
 */
final class MemberChanges {
    private static final long PATIENCE_MS = 60_000;
    private static final long PAUSE_MS = 200;

    /** The body of one change; {@code url} only for add-learner. */
    record Change(String change, String id, String url) {
    }

    private MemberChanges() {
    }

    static void ask(List<URI> replicas, Proof proof, Change change) throws InterruptedException {
        long deadline = System.currentTimeMillis() + PATIENCE_MS;
        String last = "no replica answered";
        while (System.currentTimeMillis() < deadline) {
            for (URI replica : replicas) {
                try (HttpRemote remote = new HttpRemote("replica", replica, 300, 5_000, proof)) {
                    Response status = remote.call("GET", "/status", null, null);
                    if (!status.ok() || !"LEADER".equals(Json.field(status.body(), "role"))) {
                        continue;
                    }
                    Response answer = remote.call("POST", "/admin/members", Bodies.write(change), null);
                    if (answer.ok()) {
                        return;
                    }
                    last = answer.status() + " " + Json.field(answer.body(), "message");
                    if (answer.status() != 409 && answer.status() != 503) {
                        throw new IllegalStateException(change.change() + " " + change.id() + ": " + last);
                    }
                } catch (Unreachable e) {
                    last = e.getMessage(); // dead, or not answering yet: the next one
                }
            }
            Thread.sleep(PAUSE_MS); // an election, or a learner catching up
        }
        throw new IllegalStateException(change.change() + " " + change.id() + " was not done within " + PATIENCE_MS / 1000
                + " s: " + last);
    }
}
