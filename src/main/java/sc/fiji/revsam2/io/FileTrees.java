package sc.fiji.revsam2.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Removing folders we made (temporary, staging or stale ones). */
public final class FileTrees {

	private FileTrees() {}

	/**
	 * Deletes a folder and what it holds, best effort, without following links (a link inside is
	 * removed, not its target). Callers that must know check what is left.
	 */
	public static void deleteRecursively(Path dir) {
		if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
		List<Path> all = new ArrayList<>();
		try (Stream<Path> s = Files.walk(dir)) {
			s.forEach(all::add);
		} catch (IOException | UncheckedIOException e) {
			// delete what was listed
		}
		for (int i = all.size() - 1; i >= 0; i--) {
			try {
				Files.deleteIfExists(all.get(i));
			} catch (IOException e) {
				// best effort
			}
		}
	}
}
