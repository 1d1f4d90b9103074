package io.trainyard.lineage.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.JsonFormat;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;
import org.hibernate.type.format.jackson.JacksonJsonFormatMapper;

/**
 * Writes the jsonb columns (facets, raw events) with a plain Jackson mapper: they hold OpenLineage
 * JSON as the worker sent it, which the REST mapper's snake_case and date settings must not touch.
 */
@JsonFormat
@PersistenceUnitExtension
public class JsonColumnFormatMapper implements FormatMapper {
    private final FormatMapper delegate = new JacksonJsonFormatMapper(new ObjectMapper());

    @Override
    public <T> T fromString(CharSequence json, JavaType<T> javaType, WrapperOptions options) {
        return delegate.fromString(json, javaType, options);
    }

    @Override
    public <T> String toString(T value, JavaType<T> javaType, WrapperOptions options) {
        return delegate.toString(value, javaType, options);
    }
}
