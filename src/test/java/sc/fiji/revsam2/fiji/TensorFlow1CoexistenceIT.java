package sc.fiji.revsam2.fiji;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RevSAM2 beside a TensorFlow 1.x plugin: TensorFlow 1.15's Java jars ({@code libtensorflow},
 * {@code libtensorflow_jni}, {@code proto}, as CSBDeep/StarDist install them) and protobuf-java
 * 3.5.1 (older than TensorFlow Java 1.1.0's 3.21) are in {@code Fiji.app/jars}, so on the class
 * path of ImageJ. In one JVM: TensorFlow 1.15 runs a graph, RevSAM2 segments a phantom, and
 * TensorFlow 1.15 still runs. The jars are copied by the pom into target/tensorflow1.
 */
class TensorFlow1CoexistenceIT {

	static final Path TF1 = PackagedFiji.PROJECT.resolve("target/tensorflow1");

	@TempDir
	Path dir;

	@Test
	void revsam2AndTensorFlow115RunInOneFiji() throws Exception {
		PackagedFiji fiji = PackagedFiji.install(dir);
		for (String jar : new String[] { "libtensorflow-1.15.0.jar", "proto-1.15.0.jar", "protobuf-java-3.5.1.jar" }) {
			Files.copy(TF1.resolve(jar), fiji.app.resolve("jars").resolve(jar));
		}
		Files.copy(TF1.resolve("libtensorflow_jni-1.15.0.jar"), fiji.app.resolve("jars/linux64/libtensorflow_jni-1.15.0.jar"));
		Path[] p = FijiAppIT.phantom(Files.createDirectories(dir.resolve("data")));
		Path out = dir.resolve("results"), models = Files.createDirectories(dir.resolve("no-models"));
		Path macro = dir.resolve("run.ijm");
		Files.writeString(macro, String.join("\n",
			"print(\"tf1 before: \" + call(\"sc.fiji.revsam2.fiji.Tf1Probe.run\"));",
			"print(\"engine: \" + call(\"sc.fiji.revsam2.sam2.Sam2Engines.describe\"));",
			"runMacro(\"" + fiji.app.resolve("macros/RevSAM2/segment-volume-headless.ijm") + "\", getArgument());",
			"print(\"tf1 after: \" + call(\"sc.fiji.revsam2.fiji.Tf1Probe.run\"));", ""));
		String log = fiji.runMacro(macro, "volume=[" + p[0] + "] labels=[" + p[1] + "] out=[" + out + "] model=[" + ModelChoice.TEST_MODEL + "] k=2", models,
			Tf1Probe.class);
		assertTrue(log.contains("tf1 before: 1.15.0 2+3=5.0"), log);
		assertTrue(log.contains("engine: TensorFlow 2.18"), log);
		assertTrue(log.contains("in its own class loader"), log);
		assertTrue(log.contains("tf1 after: 1.15.0 2+3=5.0"), log);
		FijiAppIT.checkResult(p[0], out);
	}

}
