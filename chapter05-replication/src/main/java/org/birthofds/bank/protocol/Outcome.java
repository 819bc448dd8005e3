package org.birthofds.bank.protocol;

import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;

/** What came of one call to a shard: its answer, or none in time ({@code lost}: it may or may not have happened). */
public record Outcome(Response answer, Unreachable lost) {
    public static Outcome of(Response answer) {
        return new Outcome(answer, null);
    }

    public static Outcome lost(Unreachable why) {
        return new Outcome(null, why);
    }

    public boolean ok() {
        return answer != null && answer.ok();
    }

    /** The answer's status; 0 when none came. */
    public int status() {
        return answer == null ? 0 : answer.status();
    }

    public <T> T read(Class<T> type) {
        return Bodies.read(answer.body(), type);
    }

    /** Why there is no good answer: the shard's refusal or the silence, for a message. */
    public String why() {
        return lost != null ? lost.getMessage() : "it answered " + answer.status() + " " + answer.body();
    }

    /** The API's 503: no answer came in time, or the shard could not do it now. */
    public static Response unavailable(String why) {
        return new Response(503, Bodies.write(new Bodies.Error("unavailable", why)));
    }
}
