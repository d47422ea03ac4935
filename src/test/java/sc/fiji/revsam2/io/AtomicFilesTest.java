package sc.fiji.revsam2.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

	@TempDir
	Path dir;

	private List<String> files() throws IOException {
		try (var s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void writesAndReplaces() throws IOException {
		Path target = dir.resolve("out.txt");
		AtomicFiles.write(target, out -> out.write("first".getBytes(StandardCharsets.US_ASCII)));
		assertEquals("first", Files.readString(target));
		AtomicFiles.write(target, out -> out.write("second".getBytes(StandardCharsets.US_ASCII)));
		assertEquals("second", Files.readString(target));
		assertEquals(List.of("out.txt"), files());
	}

	@Test
	void aThrowingWriterLeavesNoFile() throws IOException {
		Path target = dir.resolve("new.nii");
		IOException boom = new IOException("disk full");
		IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
			out.write(new byte[100_000]);
			throw boom;
		}));
		assertSame(boom, thrown);
		assertEquals(List.of(), files());
	}

	@Test
	void aFailedWriteKeepsTheOldTarget() throws IOException {
		Path target = dir.resolve("old.nii");
		Files.writeString(target, "precious");
		assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
			out.write("half".getBytes(StandardCharsets.US_ASCII));
			throw new IllegalStateException("bug");
		}));
		assertEquals("precious", Files.readString(target));
		assertEquals(List.of("old.nii"), files());
	}

	@Test
	void anInterruptedWriteKeepsTheOldTarget() throws IOException {
		Path target = dir.resolve("old.nii");
		Files.writeString(target, "precious");
		try {
			assertThrows(InterruptedIOException.class, () -> AtomicFiles.write(target, out -> {
				out.write(1);
				Thread.currentThread().interrupt(); // e.g. the user pressed cancel while the writer ran
			}));
		} finally {
			Thread.interrupted();
		}
		assertEquals("precious", Files.readString(target));
		assertEquals(List.of("old.nii"), files());
	}

	@Test
	void closingTheStreamEarlyDoesNotBreakTheWrite() throws IOException {
		Path target = dir.resolve("closed.txt");
		AtomicFiles.write(target, out -> {
			out.write('x');
			out.close();
		});
		assertEquals("x", Files.readString(target));
	}

	@Test
	void newFilesGetNormalPermissions() throws IOException {
		Path target = dir.resolve("perm.txt");
		Path plain = Files.writeString(dir.resolve("plain.txt"), "p");
		AtomicFiles.write(target, out -> out.write('x'));
		try {
			Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
			assertEquals(expected, Files.getPosixFilePermissions(target), "not the owner-only mode of a temp file");
		} catch (UnsupportedOperationException e) {
			// not a POSIX file system: nothing to compare
		}
	}

	@Test
	void aMissingFolderIsAClearError() {
		Path target = dir.resolve("no").resolve("such").resolve("x.nii");
		VolumeIOException e = assertThrows(VolumeIOException.class, () -> AtomicFiles.write(target, out -> out.write(1)));
		assertEquals("x.nii: cannot write: folder " + target.getParent() + " does not exist", e.getMessage());
		assertFalse(Files.exists(target.getParent()));
		assertTrue(Files.isDirectory(dir));
	}
}
