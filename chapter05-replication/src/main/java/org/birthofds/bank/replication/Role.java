package org.birthofds.bank.replication;

/** What a replica believes it is in its current term; at most one leader per term is Raft's first promise. */
public enum Role { FOLLOWER, CANDIDATE, LEADER }
