package org.birthofds.bank.shard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one hash every placement uses: the first 8 bytes of MD5 of the UTF-8 bytes, big-endian.
 * Where an account lives must be the same answer on every machine, in every JVM and after every
 * restart, or a bank spread over shards "loses" accounts that are merely looked for in the wrong
 * place. String.hashCode would do today, but its value is only promised within one run; MD5 is
 * promised forever (and is what Ketama, memcached's consistent hashing, uses for the same job).
 * Nothing here needs MD5 to be secure, only well mixed.
 */
final class Hash {
    private Hash() {
    }

    static long of(String text) {
        byte[] digest = md5().digest(text.getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (digest[i] & 0xFF);
        }
        return value;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5"); // every Java platform must provide it
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM lacks MD5, which every Java platform must have.", e);
        }
    }
}
