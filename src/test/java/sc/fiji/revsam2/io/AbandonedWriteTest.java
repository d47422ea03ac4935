package sc.fiji.revsam2.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM stopped by a signal in the middle of an atomic write (what a second Ctrl-C or SIGTERM
 * does: exit at once) leaves neither the output nor its hidden temporary file (issue 12, item 11).
 */
@DisabledOnOs(OS.WINDOWS)
class AbandonedWriteTest {

	/** Starts writing args[0], says so on stdout, then waits to be killed. */
	public static void main(String[] args) throws Exception {
		AtomicFiles.write(Paths.get(args[0]), out -> {
			out.write(new byte[100_000]);
			out.flush();
			System.out.println("writing");
			System.out.flush();
			try {
				Thread.sleep(60_000);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		});
	}

	@Test
	void sigtermDuringTheWriteLeavesNothing(@TempDir Path dir) throws Exception {
		Path target = dir.resolve("result.nii.gz");
		Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
		Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), AbandonedWriteTest.class.getName(), target.toString())
				.redirectErrorStream(true).start();
		BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
		assertEquals("writing", r.readLine());
		try (Stream<Path> s = Files.list(dir)) {
			assertTrue(s.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "the write is under way");
		}
		p.destroy(); // SIGTERM
		assertTrue(p.waitFor(30, TimeUnit.SECONDS));
		try (Stream<Path> s = Files.list(dir)) {
			assertEquals(List.of(), s.toList());
		}
	}
}
