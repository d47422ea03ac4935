package sc.fiji.revsam2.request;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Checks, before any work starts, that a file can be written where the user asked: the nearest
 * existing folder above it must be a folder (not a regular file) in which a probe file can be
 * created and removed (this catches read-only folders and file systems such as {@code /proc},
 * which {@link Files#isWritable} does not). Folders that do not exist yet are not created here.
 */
public final class OutputCheck {

	private OutputCheck() {}

	/**
	 * @param what how the user named the output ("--output", "output"), for the message
	 * @throws IllegalArgumentException naming the output and why it cannot be written
	 */
	public static void writable(String what, Path file) {
		Path abs = file.toAbsolutePath().normalize();
		if (Files.isDirectory(abs)) throw new IllegalArgumentException(what + " " + file + ": is a folder");
		Path dir = abs.getParent();
		while (dir != null && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.exists(dir)) dir = dir.getParent();
		if (dir == null) throw new IllegalArgumentException(what + " " + file + ": no existing folder above it");
		if (!Files.isDirectory(dir)) {
			throw new IllegalArgumentException(what + " " + file + ": " + dir + " is a file, not a folder; choose an output in a folder");
		}
		Path probe = null;
		try {
			probe = Files.createTempFile(dir, ".revsam2-probe-", ".tmp");
		} catch (IOException | UnsupportedOperationException | SecurityException e) {
			throw new IllegalArgumentException(what + " " + file + ": cannot write in " + dir + " (" + reason(e) + "); choose a folder you can write to");
		} finally {
			if (probe != null) {
				try {
					Files.deleteIfExists(probe);
				} catch (IOException e) {
					// the probe is empty and hidden; failing to remove it does not stop the run
				}
			}
		}
	}

	private static String reason(Exception e) {
		if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
		if (e instanceof java.nio.file.NoSuchFileException) return "no new file can be made there";
		if (e instanceof java.nio.file.FileSystemException f) return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
		return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
	}
}
