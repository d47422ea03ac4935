package sc.fiji.revsam2.checkpoint;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates the golden fixtures on the test classpath. */
final class Fixtures {

	static final String SAM21 = "sam2.1-micro-seed1";
	static final String SAM20 = "sam2.0-micro-seed2";

	private Fixtures() {}

	static Path file(String folder, String name) {
		URL url = Fixtures.class.getResource("/fixtures/" + folder + "/" + name);
		if (url == null) throw new IllegalStateException("missing test fixture fixtures/" + folder + "/" + name);
		try {
			return Path.of(url.toURI());
		} catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}
}
