package org.custos.server;

/**
 * The configuration is invalid: names the offending key (as written in the config file; the environment
 * variable is {@code CUSTOS_} plus the key upper-cased with dots as underscores) and what is wrong with it.
 * Never carries the value of a secret.
 */
public final class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String problem) {
        super("configuration " + key + " (env " + ConfigReader.envName(key) + "): " + problem);
        this.key = key;
    }

    public ConfigException(String key, String problem, Throwable cause) {
        super("configuration " + key + " (env " + ConfigReader.envName(key) + "): " + problem, cause);
        this.key = key;
    }

    /** The configuration key at fault, e.g. {@code port}. */
    public String key() {
        return key;
    }
}
