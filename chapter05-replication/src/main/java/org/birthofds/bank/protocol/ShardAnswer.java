package org.birthofds.bank.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.Response;

/**
 * What a replica group's state machine answers an entry, written and read by Jackson: the API's
 * answer (a status and its JSON body), or, for a write that met a consistent read's freeze,
 * {@link Frozen}: nothing was done, and the write may go in again once the freeze ends.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ShardAnswer.Given.class, name = "answer"),
        @JsonSubTypes.Type(value = ShardAnswer.Frozen.class, name = "frozen")})
public sealed interface ShardAnswer {
    /** @param body the API's JSON body */
    record Given(int status, String body) implements ShardAnswer {
        public Response response() {
            return new Response(status, body);
        }
    }

    /** @param until the time (the leader's clock, as on the entries) at which the freeze's lease ends */
    record Frozen(long until) implements ShardAnswer {
    }

    default String encode() {
        return Bodies.write(this);
    }

    /** @throws IllegalArgumentException when the text is not one that {@link #encode} wrote */
    static ShardAnswer decode(String text) {
        return Bodies.read(text, ShardAnswer.class);
    }
}
