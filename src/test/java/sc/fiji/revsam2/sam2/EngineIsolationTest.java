package sc.fiji.revsam2.sam2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The boundary around TensorFlow: outside {@code sc.fiji.revsam2.tf} no class mentions
 * {@code org.tensorflow}; the engine class loader takes TensorFlow and the adapter from its own
 * jars and the plugin's interfaces from its parent.
 */
class EngineIsolationTest {

	private static Path classesRoot() throws URISyntaxException {
		return Paths.get(Sam2Engine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
	}

	@Test
	void noClassOutsideTheAdapterMentionsTensorFlow() throws Exception {
		Path root = classesRoot();
		List<String> offenders = new ArrayList<>();
		int checked = 0;
		try (Stream<Path> s = Files.walk(root)) {
			for (Path c : s.filter(p -> p.toString().endsWith(".class")).toList()) {
				String rel = root.relativize(c).toString().replace('\\', '/');
				if (rel.startsWith("sc/fiji/revsam2/tf/")) continue;
				checked++;
				// class names in the constant pool are plain UTF-8
				if (new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1).contains("org/tensorflow")) offenders.add(rel);
			}
		}
		assertTrue(checked > 100, "the plugin's classes were found (" + checked + ")");
		assertEquals(List.of(), offenders);
	}

	@Test
	void theEngineLoaderIsChildFirstForTensorFlowOnlyAndTheEngineRuns() throws Exception {
		// the engine from this build's classes and TensorFlow Java's jars of the test class path
		List<Path> jars = new ArrayList<>();
		jars.add(classesRoot());
		for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
			String n = Paths.get(e).getFileName().toString();
			if (n.startsWith("tensorflow-core-") || n.startsWith("ndarray-") || n.startsWith("javacpp-") || n.startsWith("protobuf-java-")) jars.add(Paths.get(e));
		}
		ClassLoader parent = Sam2Engines.class.getClassLoader();
		Sam2Engine engine = Sam2Engines.isolated(jars, parent);
		assertTrue(Sam2Engines.isIsolated(engine));
		ClassLoader loader = engine.getClass().getClassLoader();
		assertNotSame(parent.loadClass("org.tensorflow.TensorFlow"), loader.loadClass("org.tensorflow.TensorFlow"));
		assertNotSame(parent.loadClass("com.google.protobuf.Message"), loader.loadClass("com.google.protobuf.Message"));
		assertSame(Sam2Model.class, loader.loadClass(Sam2Model.class.getName()), "the plugin's interfaces come from the parent");
		assertTrue(engine.version().startsWith("TensorFlow 2.18"), engine.version());
		if (engine.gpuProblem() != null) { // always so with the CPU build
			String message = assertThrows(ComputeDeviceException.class, () -> engine.choose(ComputeDevice.GPU, n -> {})).getMessage();
			assertTrue(message.startsWith("device=gpu: no usable GPU; missing: ") && message.contains("CUDA 12"), message);
			List<String> notes = new ArrayList<>();
			assertEquals(ComputeDevice.CPU, engine.choose(ComputeDevice.AUTO, notes::add));
			assertTrue(notes.get(0).startsWith("running on the CPU: no usable GPU"), notes.toString());
		} else {
			assertEquals(ComputeDevice.GPU, engine.choose(ComputeDevice.AUTO, n -> {}));
		}
		((URLClassLoader) loader).close();
	}

	@Test
	void ownPackagesComeOnlyFromTheEngineJars() throws IOException {
		try (EngineClassLoader empty = new EngineClassLoader(new URL[0], EngineIsolationTest.class.getClassLoader())) {
			assertThrows(ClassNotFoundException.class, () -> empty.loadClass("org.tensorflow.TensorFlow"), "never the parent's TensorFlow");
			assertSame(Sam2Engine.class, assertDoesNotThrowLoad(empty, Sam2Engine.class.getName()));
		}
	}

	private static Class<?> assertDoesNotThrowLoad(ClassLoader l, String name) {
		try {
			return l.loadClass(name);
		} catch (ClassNotFoundException e) {
			throw new AssertionError(e);
		}
	}

	@Test
	void fijiPlatformsFollowFijisFolderNames() {
		assertEquals(FijiPlatform.LINUX_X64, FijiPlatform.of("Linux", "amd64"));
		assertEquals("win64", FijiPlatform.of("Windows 11", "amd64").folder());
		assertEquals("macos-arm64", FijiPlatform.of("Mac OS X", "aarch64").folder());
		assertEquals(null, FijiPlatform.of("Mac OS X", "x86_64"), "TensorFlow Java 1.1.0 has no macOS x86-64 build");
		assertEquals(FijiPlatform.LINUX_X64, FijiPlatform.ofClassifier("linux-x86_64-gpu"));
	}
}
