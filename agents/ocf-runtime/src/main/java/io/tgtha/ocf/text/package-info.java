/**
 * Small text checks written as loops, for the operation path of every agent.
 *
 * <p>Why not regular expressions: in a JVM that lives 50 ms, the first {@code java.util.regex.Pattern}
 * costs about 2.7 ms and every further pattern of a new shape 1-3 ms more (JDK 17 with AppCDS,
 * measured): Pattern builds its character classes from lambdas, and the first call of each lambda
 * shape links method handles. Every operation validates its parameters and parses tool output, so
 * those milliseconds were on every monitor of every resource. The operator command (picocli) and
 * tests may use regular expressions freely.
 */
package io.tgtha.ocf.text;
