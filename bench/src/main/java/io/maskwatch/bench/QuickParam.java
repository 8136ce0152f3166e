package io.maskwatch.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a JMH {@code @Param} field takes under {@code bin/maskwatch bench --quick}, in place
 * of its {@code @Param} values: for inputs whose full size takes too long to set up for a quick
 * look. {@link BenchMain} reads it from the benchmark class and the state classes nested in it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface QuickParam {

    String[] value();
}
