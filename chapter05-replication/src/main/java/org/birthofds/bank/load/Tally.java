package org.birthofds.bank.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/** What the clients saw, added up: counts by outcome, the first errors, and all latencies. */
final class Tally {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int ERRORS_KEPT = 5;

    private final LongAdder requests = new LongAdder();
    private final LongAdder transfers = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Set<String> firstErrors = new LinkedHashSet<>(); // guarded by this
    private final Histogram latency = new Histogram(3); // guarded by this

    void answered(Operation operation, BankClient.Answer answer) {
        requests.increment();
        if (answer.ok()) {
            if (operation instanceof Operation.Transfer) {
                transfers.increment();
            }
        } else if (isRefusal(operation, answer)) {
            refused.increment();
        } else {
            error(operation.describe() + " -> " + answer.status() + " " + answer.body());
        }
    }

    void failed(Operation operation, Exception e) {
        requests.increment();
        error(e.getMessage());
    }

    // Refusing a transfer the payer cannot afford is the bank doing its job, not a failure.
    private static boolean isRefusal(Operation operation, BankClient.Answer answer) {
        return operation instanceof Operation.Transfer
                && answer.status() == 422 && "insufficient_funds".equals(errorCode(answer.body()));
    }

    /** The API's error code ({@code {"error": ...}}), read as JSON; null if the body is not such an error. */
    private static String errorCode(String body) {
        try {
            return JSON.readTree(body).path("error").asText(null);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private void error(String message) {
        errors.increment();
        synchronized (this) {
            if (firstErrors.size() < ERRORS_KEPT) {
                firstErrors.add(message);
            }
        }
    }

    synchronized void add(Histogram clientLatency) {
        latency.add(clientLatency);
    }

    long requests() {
        return requests.sum();
    }

    long errors() {
        return errors.sum();
    }

    synchronized List<String> firstErrors() {
        return List.copyOf(firstErrors);
    }

    synchronized LoadResult result(double seconds, Accounts.Invariant invariant, double ceilingPerSecond) {
        return new LoadResult(requests.sum(), transfers.sum(), refused.sum(), errors.sum(), seconds,
                ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(90)),
                ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)),
                ms(latency.getMaxValue()),
                invariant.accounts(), invariant.deposited(), invariant.sum(), invariant.negative(),
                ceilingPerSecond, new ArrayList<>(firstErrors));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
