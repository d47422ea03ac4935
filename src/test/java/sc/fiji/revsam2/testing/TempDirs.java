package sc.fiji.revsam2.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes temporary test folders when the JVM exits. */
public final class TempDirs {

	private TempDirs() {}

	public static void deleteOnExit(Path dir) {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
	}

	public static void delete(Path dir) {
		if (!Files.exists(dir)) return;
		try (Stream<Path> s = Files.walk(dir)) {
			s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		} catch (IOException e) {
			// leave it to the OS
		}
	}
}
