package sc.fiji.revsam2.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * All-or-nothing file writes: the content goes to a temporary file next to the target, which is
 * renamed over the target only when writing succeeded. A reader never sees a half-written file,
 * and a failed or interrupted write leaves an existing target untouched.
 */
public final class AtomicFiles {

	/**
	 * Temporary files being written. A JVM that exits meanwhile (a second Ctrl-C or SIGTERM, which
	 * stops at once) abandons the write: its shutdown hook deletes them, so no hidden *.tmp stays.
	 */
	private static final java.util.Set<Path> PENDING = java.util.concurrent.ConcurrentHashMap.newKeySet();

	static {
		Thread hook = new Thread(() -> {
			for (Path p : PENDING) {
				try {
					Files.deleteIfExists(p);
				} catch (IOException | RuntimeException ignored) {
					// exiting: nothing more can be done
				}
			}
		}, "revsam2-temp-cleanup");
		try {
			Runtime.getRuntime().addShutdownHook(hook);
		} catch (IllegalStateException alreadyExiting) {
			// the JVM is shutting down: writes started now are deleted by their own finally blocks
		}
	}

	private AtomicFiles() {}

	/**
	 * Writes {@code target} with {@code writer}. The stream given to the writer is buffered; the
	 * writer must not close it. If the writer throws (anything), or the thread is interrupted by
	 * the time it returns, the temporary file is deleted, the target is left as it was and the
	 * exception is rethrown (an interruption as {@link InterruptedIOException}).
	 */
	public static void write(Path target, IOConsumer<OutputStream> writer) throws IOException {
		Path absolute = target.toAbsolutePath();
		Path dir = absolute.getParent();
		if (dir == null || !Files.isDirectory(dir)) throw new VolumeIOException(target, "cannot write: folder " + dir + " does not exist");
		if (Files.isDirectory(absolute)) throw new VolumeIOException(target, "cannot write: a folder of that name exists");
		// Same folder, so the rename stays on one file system and can be atomic. The name is hidden
		// and ends in .tmp so that globs like *.nii.gz never pick up a partial file. CREATE_NEW (not
		// createTempFile) so the file gets the usual permissions instead of owner-only ones.
		Path temp = createTemp(dir, absolute.getFileName().toString());
		PENDING.add(temp);
		boolean done = false;
		try {
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
				OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
				writer.accept(new UncloseableOutputStream(out));
				if (Thread.currentThread().isInterrupted()) throw interrupted(absolute, null);
				out.flush();
				// On disk before the rename, so that a crash cannot leave an empty target behind.
				channel.force(true);
			} catch (ClosedByInterruptException e) {
				// the channel closes itself when the thread is interrupted during a write
				throw interrupted(absolute, e);
			}
			try {
				Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
			}
			done = true;
		} finally {
			if (!done) {
				try {
					Files.deleteIfExists(temp);
				} catch (IOException ignored) {
					// the original failure matters more than a stray temporary file
				}
			}
			PENDING.remove(temp);
		}
	}

	private static InterruptedIOException interrupted(Path file, Exception cause) {
		InterruptedIOException e = new InterruptedIOException("writing " + file.getFileName() + " was interrupted");
		if (cause != null) e.initCause(cause);
		return e;
	}

	private static Path createTemp(Path dir, String name) throws IOException {
		for (int attempt = 0;; attempt++) {
			Path temp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
			try {
				return Files.createFile(temp);
			} catch (java.nio.file.FileAlreadyExistsException e) {
				if (attempt > 100) throw e;
			} catch (java.nio.file.AccessDeniedException e) {
				throw new VolumeIOException(dir.resolve(name), "cannot write: permission denied in folder " + dir);
			}
		}
	}

	/** Keeps writers (e.g. a GZIPOutputStream's close) from closing the file before it is synced. */
	private static final class UncloseableOutputStream extends java.io.FilterOutputStream {

		UncloseableOutputStream(OutputStream out) { super(out); }

		@Override
		public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

		@Override
		public void close() throws IOException { flush(); }
	}
}
