package org.custos.app.accounts;

/**
 * Argon2id cost parameters for new password hashes. The default is the OWASP Password Storage Cheat Sheet's first
 * recommended setting (m=19 MiB, t=2, p=1). Existing hashes keep the parameters they were made with (they are in
 * the PHC string), so raising the cost only affects new and changed passwords.
 */
public record PasswordCost(int memoryKiB, int iterations, int parallelism) {
    public static final PasswordCost OWASP = new PasswordCost(19 * 1024, 2, 1);

    public PasswordCost {
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("parallelism must be 1..16, got " + parallelism);
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > PhcString.MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("memoryKiB must be 8*parallelism.." + PhcString.MAX_MEMORY_KIB
                    + ", got " + memoryKiB);
        }
        if (iterations < 1 || iterations > 100) {
            throw new IllegalArgumentException("iterations must be 1..100, got " + iterations);
        }
    }
}
