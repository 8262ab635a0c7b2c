package dev.connector.micronaut;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

@MappedEntity("books")
public record Book(@Id @GeneratedValue Long id, String title, int pages) {
}
