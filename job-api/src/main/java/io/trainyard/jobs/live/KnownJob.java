package io.trainyard.jobs.live;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@code {id}} path parameter must name an existing job. Checked by a request filter because an
 * event stream has sent its 200 before the resource's stream is subscribed: a 404 has to come first.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface KnownJob {
}
