package sc.fiji.revsam2.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each platform's zip puts its native jar in the folder Fiji's launcher uses for that platform
 * and TensorFlow Java's classes off the class path (checked on stand-in files: the real native
 * jars are 130-530 MB; FijiAppIT runs the real Linux zip).
 */
class FijiZipTest {

	@TempDir
	Path dir;

	private FijiZip.Inputs inputs() throws IOException {
		Path engine = Files.createDirectories(dir.resolve("revsam2-engine")), macros = Files.createDirectories(dir.resolve("macros"));
		for (String j : new String[] { "RevSAM2_Fiji-1.0-engine.jar", "tensorflow-core-api-1.1.0.jar", "tensorflow-core-native-1.1.0.jar", "javacpp-1.5.11.jar",
			"ndarray-1.0.0.jar", "protobuf-java-3.21.9.jar", "tensorflow-core-native-1.1.0-linux-x86_64.jar" }) {
			Files.writeString(engine.resolve(j), j);
		}
		Files.writeString(macros.resolve("a.ijm"), "print(1);");
		Path plugin = Files.writeString(dir.resolve("RevSAM2_Fiji-1.0.jar"), "plugin");
		return new FijiZip.Inputs("1.0", plugin, engine, macros);
	}

	@Test
	void everyPlatformsNativeJarGoesToFijisFolderForIt() throws IOException {
		FijiZip.Inputs in = inputs();
		Map<String, String> folders = Map.of("linux-x86_64", "linux64", "windows-x86_64", "win64", "macosx-arm64", "macos-arm64", "linux-arm64", "linux-arm64",
			"linux-x86_64-gpu", "linux64");
		for (var f : folders.entrySet()) {
			Path nativeJar = Files.writeString(dir.resolve("tensorflow-core-native-1.1.0-" + f.getKey() + ".jar"), f.getKey());
			Map<String, Path> e = FijiZip.entries(in, f.getKey(), nativeJar);
			Set<String> expected = Set.of("plugins/RevSAM2_Fiji-1.0.jar", "jars/" + f.getValue() + "/tensorflow-core-native-1.1.0-" + f.getKey() + ".jar",
				"lib/revsam2-engine/RevSAM2_Fiji-1.0-engine.jar", "lib/revsam2-engine/tensorflow-core-api-1.1.0.jar",
				"lib/revsam2-engine/tensorflow-core-native-1.1.0.jar", "lib/revsam2-engine/javacpp-1.5.11.jar", "lib/revsam2-engine/ndarray-1.0.0.jar",
				"lib/revsam2-engine/protobuf-java-3.21.9.jar", "macros/RevSAM2/a.ijm");
			assertEquals(expected, e.keySet(), f.getKey());
		}
	}

	@Test
	void theZipUnzipsIntoAFijiAppWithAReadme() throws IOException {
		FijiZip.Inputs in = inputs();
		Path nativeJar = Files.writeString(dir.resolve("tensorflow-core-native-1.1.0-windows-x86_64.jar"), "dlls");
		Path zip = FijiZip.zip(in, "windows-x86_64", nativeJar, dir.resolve("out"));
		assertEquals("RevSAM2_Fiji-1.0-windows-x86_64.zip", zip.getFileName().toString());
		Path app = Files.createDirectories(dir.resolve("Fiji.app"));
		FijiZip.unzip(zip, app);
		assertEquals("dlls", Files.readString(app.resolve("jars/win64/tensorflow-core-native-1.1.0-windows-x86_64.jar")));
		String readme = Files.readString(app.resolve("RevSAM2-README.txt"));
		assertTrue(readme.contains("windows-x86_64") && readme.contains("Java 17"), readme);
	}

	@Test
	void installReplacesAnEarlierRevsam2InAFijiApp() throws IOException {
		FijiZip.Inputs in = inputs();
		Path app = dir.resolve("Fiji.app");
		Files.createDirectories(app.resolve("jars/linux64"));
		Files.createDirectories(app.resolve("lib/revsam2-engine"));
		Files.createDirectories(app.resolve("plugins"));
		Files.writeString(app.resolve("plugins/RevSAM2_Fiji-0.9.jar"), "old");
		Files.writeString(app.resolve("lib/revsam2-engine/old-engine.jar"), "old");
		Files.writeString(app.resolve("jars/linux64/tensorflow-core-native-1.0.0-linux-x86_64.jar"), "old");
		Files.writeString(app.resolve("jars/linux64/jogl-natives.jar"), "Fiji's");
		FijiZip.install(in, "linux-x86_64", in.engineDir().resolve("tensorflow-core-native-1.1.0-linux-x86_64.jar"), app);
		assertTrue(Files.exists(app.resolve("plugins/RevSAM2_Fiji-1.0.jar")));
		assertTrue(Files.notExists(app.resolve("plugins/RevSAM2_Fiji-0.9.jar")));
		assertTrue(Files.notExists(app.resolve("lib/revsam2-engine/old-engine.jar")));
		assertTrue(Files.notExists(app.resolve("jars/linux64/tensorflow-core-native-1.0.0-linux-x86_64.jar")));
		assertTrue(Files.exists(app.resolve("jars/linux64/tensorflow-core-native-1.1.0-linux-x86_64.jar")));
		assertEquals("Fiji's", Files.readString(app.resolve("jars/linux64/jogl-natives.jar")), "other jars are left alone");
		assertThrows(IOException.class, () -> FijiZip.install(in, "linux-x86_64", in.pluginJar(), dir.resolve("not-fiji")));
	}

	@Test
	void aMissingBuildIsNamed() throws IOException {
		FijiZip.Inputs in = inputs();
		Files.delete(in.pluginJar());
		IOException e = assertThrows(IOException.class, () -> FijiZip.entries(in, "linux-x86_64", in.engineDir().resolve("tensorflow-core-native-1.1.0-linux-x86_64.jar")));
		assertTrue(e.getMessage().contains("run mvn package first"), e.getMessage());
	}
}
