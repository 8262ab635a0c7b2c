package dev.connector.micronaut;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

@Singleton
public class BookService {

    private final BookRepository books;

    public BookService(BookRepository books) {
        this.books = books;
    }

    @Transactional
    public void addBoth(String a, String b) {
        books.save(new Book(null, a, 100));
        books.save(new Book(null, b, 200));
    }

    @Transactional
    public void addBothThenFail(String a, String b) {
        addBoth(a, b);
        throw new IllegalStateException("rolled back on purpose");
    }
}
