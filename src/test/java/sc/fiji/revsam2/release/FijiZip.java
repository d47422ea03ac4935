package sc.fiji.revsam2.release;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import sc.fiji.revsam2.sam2.FijiPlatform;
import sc.fiji.revsam2.sam2.Sam2Engines;

/**
 * Makes the release zip of one platform, shaped like {@code Fiji.app} so that installing is
 * unzipping into Fiji.app:
 * <pre>
 * plugins/RevSAM2_Fiji-&lt;version&gt;.jar           the plugin (ImageJ 1.x reads its plugins.config)
 * lib/revsam2-engine/                          the TensorFlow adapter and TensorFlow Java's jars, off
 *                                              Fiji's class path, loaded by RevSAM2's own class loader
 * jars/&lt;platform&gt;/tensorflow-core-native-...jar  TensorFlow's native libraries, in the platform folder
 *                                              Fiji's launcher uses (linux64, win64, macos-arm64, linux-arm64)
 * macros/RevSAM2/                              the example macros
 * RevSAM2-README.txt
 * </pre>
 * Fiji already ships the plugin's other dependencies (ij, scijava-common, imglib2, gson), so the
 * zip holds none of them. Run by {@code mvn -Prelease package} (and {@code -Pgpu}) and by the
 * tests of the packaged layout.
 */
public final class FijiZip {

	/** What goes into a zip: the packaged plugin jar, the engine folder of the build, the macros. */
	public record Inputs(String version, Path pluginJar, Path engineDir, Path macrosDir) {

		/** The build's own outputs in {@code target/} ({@code mvn package}). */
		public static Inputs ofBuild(Path projectDir, String version) {
			Path target = projectDir.resolve("target");
			return new Inputs(version, target.resolve("RevSAM2_Fiji-" + version + ".jar"), target.resolve(Sam2Engines.FOLDER), projectDir.resolve("macros"));
		}
	}

	private FijiZip() {}

	/** The zip's entries (path in Fiji.app -> file), for a TensorFlow native classifier and its native jar. */
	public static Map<String, Path> entries(Inputs in, String classifier, Path nativeJar) throws IOException {
		FijiPlatform platform = FijiPlatform.ofClassifier(classifier);
		Map<String, Path> e = new TreeMap<>();
		require(in.pluginJar());
		require(nativeJar);
		e.put("plugins/" + in.pluginJar().getFileName(), in.pluginJar());
		for (Path j : list(in.engineDir(), ".jar")) {
			String name = j.getFileName().toString();
			if (name.matches("tensorflow-core-native-.*-(linux|windows|macosx)-.*\\.jar")) continue; // a native jar: jars/<platform>
			e.put("lib/" + Sam2Engines.FOLDER + "/" + name, j);
		}
		if (e.keySet().stream().noneMatch(k -> k.contains("-engine.jar"))) throw new IOException(in.engineDir() + " lacks the engine jar: run mvn package first");
		e.put("jars/" + platform.folder() + "/" + nativeJar.getFileName(), nativeJar);
		for (Path m : list(in.macrosDir(), "")) e.put("macros/RevSAM2/" + m.getFileName(), m);
		return e;
	}

	/** Writes {@code RevSAM2_Fiji-<version>-<classifier>.zip} into {@code outDir}; returns it. */
	public static Path zip(Inputs in, String classifier, Path nativeJar, Path outDir) throws IOException {
		Map<String, Path> entries = entries(in, classifier, nativeJar);
		Files.createDirectories(outDir);
		Path zip = outDir.resolve("RevSAM2_Fiji-" + in.version() + "-" + classifier + ".zip");
		Path tmp = outDir.resolve(zip.getFileName() + ".part");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
			for (Map.Entry<String, Path> en : entries.entrySet()) {
				out.setLevel(en.getKey().endsWith(".jar") ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION); // jars are compressed already
				out.putNextEntry(new ZipEntry(en.getKey()));
				Files.copy(en.getValue(), out);
				out.closeEntry();
			}
			out.putNextEntry(new ZipEntry("RevSAM2-README.txt"));
			out.write(readme(in.version(), classifier, entries).getBytes(StandardCharsets.UTF_8));
			out.closeEntry();
		} catch (IOException | RuntimeException e) {
			Files.deleteIfExists(tmp);
			throw e;
		}
		Files.move(tmp, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		return zip;
	}

	/**
	 * Installs into an existing Fiji.app what the zip would hold (for developers:
	 * {@code mvn install -Dscijava.app.directory=<Fiji.app>}), first removing an earlier RevSAM2.
	 */
	public static void install(Inputs in, String classifier, Path nativeJar, Path app) throws IOException {
		if (!Files.isDirectory(app.resolve("jars")) || !Files.isDirectory(app.resolve("plugins"))) {
			throw new IOException(app + " is not a Fiji.app (it has no jars/ and plugins/ folders)");
		}
		Map<String, Path> entries = entries(in, classifier, nativeJar);
		for (Path old : list(app.resolve("plugins"), ".jar")) if (old.getFileName().toString().startsWith("RevSAM2_Fiji-")) Files.delete(old);
		Path engine = app.resolve("lib").resolve(Sam2Engines.FOLDER);
		if (Files.isDirectory(engine)) for (Path old : list(engine, "")) Files.delete(old);
		Path natives = app.resolve("jars").resolve(FijiPlatform.ofClassifier(classifier).folder());
		if (Files.isDirectory(natives)) for (Path old : list(natives, ".jar")) if (old.getFileName().toString().startsWith("tensorflow-core-native-")) Files.delete(old);
		for (Map.Entry<String, Path> en : entries.entrySet()) {
			Path to = app.resolve(en.getKey());
			Files.createDirectories(to.getParent());
			Files.copy(en.getValue(), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		Files.writeString(app.resolve("RevSAM2-README.txt"), readme(in.version(), classifier, entries));
	}

	/** Unzips into a folder (e.g. a Fiji.app), as a user does. */
	public static void unzip(Path zip, Path into) throws IOException {
		try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
			for (ZipEntry e; (e = in.getNextEntry()) != null;) {
				Path p = into.resolve(e.getName()).normalize();
				if (!p.startsWith(into)) throw new IOException("entry outside the folder: " + e.getName());
				if (e.isDirectory()) Files.createDirectories(p);
				else {
					Files.createDirectories(p.getParent());
					try (OutputStream o = Files.newOutputStream(p)) {
						in.transferTo(o);
					}
				}
			}
		}
	}

	static String readme(String version, String classifier, Map<String, Path> entries) {
		FijiPlatform p = FijiPlatform.ofClassifier(classifier);
		boolean gpu = classifier.endsWith("-gpu");
		return "RevSAM2 for Fiji " + version + ", " + classifier + (gpu ? " (NVIDIA GPU build)" : "") + "\n\n"
			+ "Install: quit Fiji, unzip this file into your Fiji.app folder (the folder holding jars/ and plugins/), start Fiji.\n"
			+ "The commands are under Plugins > Segmentation > RevSAM2. Needs Fiji with Java 17 or newer (Fiji Latest ships Java 21).\n"
			+ "Then install a SAM2 model: Plugins > Segmentation > RevSAM2 > Install SAM2 Model.\n\n"
			+ "Files (TensorFlow Java 1.1.0 = TensorFlow 2.18; loaded by RevSAM2's own class loader, so RevSAM2 lives beside\n"
			+ "CSBDeep/StarDist's TensorFlow 1.x and any protobuf-java in jars/):\n"
			+ String.join("\n", entries.keySet().stream().map(k -> "  " + k).toList()) + "\n\n"
			+ "Uninstall: delete plugins/RevSAM2_Fiji-*.jar, lib/" + Sam2Engines.FOLDER + "/, jars/" + p.folder() + "/tensorflow-core-native-1.1.0-" + classifier
			+ ".jar and macros/RevSAM2/.\n"
			+ (gpu ? "\nGPU: needs an NVIDIA GPU with its driver, CUDA 12 and cuDNN 9 (choose device=gpu, or device=auto to fall back to the CPU).\n" : "")
			+ "\nDocumentation: docs/fiji.md of the RevSAM2 for Fiji sources.\n";
	}

	private static void require(Path p) throws IOException {
		if (!Files.isRegularFile(p)) throw new IOException(p + " is missing: run mvn package first");
	}

	private static List<Path> list(Path dir, String suffix) throws IOException {
		if (!Files.isDirectory(dir)) throw new IOException(dir + " is missing: run mvn package first");
		try (Stream<Path> s = Files.list(dir)) {
			return new ArrayList<>(s.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList());
		}
	}

	/**
	 * {@code FijiZip <projectDir> <version> <outDir> <classifier>=<native jar>...}: one zip per
	 * classifier (what the release profiles run); {@code FijiZip --install <projectDir> <version>
	 * <Fiji.app> <classifier>=<native jar>}: install into a Fiji.app.
	 */
	public static void main(String[] args) throws IOException {
		if (args.length == 5 && args[0].equals("--install")) {
			int eq = args[4].indexOf('=');
			Path app = Paths.get(args[3]);
			install(Inputs.ofBuild(Paths.get(args[1]), args[2]), args[4].substring(0, eq), Paths.get(args[4].substring(eq + 1)), app);
			System.out.println("RevSAM2 installed into " + app + " (restart Fiji)");
			return;
		}
		if (args.length < 4) throw new IllegalArgumentException("usage: FijiZip <projectDir> <version> <outDir> <classifier>=<native jar>...");
		Inputs in = Inputs.ofBuild(Paths.get(args[0]), args[1]);
		for (int i = 3; i < args.length; i++) {
			int eq = args[i].indexOf('=');
			Path z = zip(in, args[i].substring(0, eq), Paths.get(args[i].substring(eq + 1)), Paths.get(args[2]));
			System.out.printf("RevSAM2 release: %s (%,d bytes)%n", z, Files.size(z));
		}
	}
}
