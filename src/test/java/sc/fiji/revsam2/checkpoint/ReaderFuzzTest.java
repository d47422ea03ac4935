package sc.fiji.revsam2.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import sc.fiji.revsam2.testing.Fixtures;

/**
 * The seeded fuzz pass of {@link ReaderFuzzer} in a JVM of its own with a 256 MB heap, so that a
 * reader that allocates what a mutated file declares fails here as it would for a user. The
 * default is 2,000 inputs per reader (.pt, .npy, .nii/.nii.gz); {@code -Drevsam2.fuzz.count=10000}
 * and {@code -Drevsam2.fuzz.seed=N} make a larger or another pass.
 */
class ReaderFuzzTest {

	@Test
	void mutatedInputsEndInSuccessOrTheDocumentedException() throws IOException, InterruptedException {
		int count = Integer.getInteger("revsam2.fuzz.count", 2000);
		long seed = Long.getLong("revsam2.fuzz.seed", 20261201L);
		Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
		Path fixtures = Fixtures.folder("sam2.1-micro-seed1").getParent();
		ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-Xss512k", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
				ReaderFuzzer.class.getName(), Long.toString(seed), Integer.toString(count), "5", fixtures.toString());
		pb.redirectErrorStream(true);
		Process p = pb.start();
		byte[] out = p.getInputStream().readAllBytes();
		assertTrue(p.waitFor(15, TimeUnit.MINUTES), "fuzz process did not end");
		String text = new String(out, StandardCharsets.UTF_8);
		System.out.println(text);
		List<String> readers = text.lines().filter(l -> l.startsWith("reader=")).toList();
		assertEquals(7, readers.size(), text);
		for (String r : readers) assertTrue(r.contains(" failed=0 "), r);
		assertEquals(0, p.exitValue(), text);
	}
}
