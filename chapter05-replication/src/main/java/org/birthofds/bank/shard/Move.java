package org.birthofds.bank.shard;

/** An account that lives on another shard after the cluster changed: its data must be copied. */
public record Move(String accountId, String from, String to) {
}
