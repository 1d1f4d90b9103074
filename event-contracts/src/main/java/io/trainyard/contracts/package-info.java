/**
 * The public event contract of Trainyard: payload records, CloudEvents type names and the
 * model-family catalogue. Topics and schemas are documented in {@code docs/events.md}; a breaking
 * change gets a new {@code .vN} type and topic instead of an edit here.
 */
package io.trainyard.contracts;
