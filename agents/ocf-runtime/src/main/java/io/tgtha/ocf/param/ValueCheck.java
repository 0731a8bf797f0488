package io.tgtha.ocf.param;

import java.util.Optional;

/** A check of one parameter's value: an empty result means valid, otherwise the reason it is not. */
@FunctionalInterface
public interface ValueCheck {
    Optional<String> problemWith(String value);
}
