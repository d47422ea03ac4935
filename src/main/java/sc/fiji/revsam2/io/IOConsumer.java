package sc.fiji.revsam2.io;

import java.io.IOException;

/** A consumer that may throw {@link IOException}, e.g. code that writes a stream. */
@FunctionalInterface
public interface IOConsumer<T> {

	void accept(T t) throws IOException;
}
