package sc.fiji.revsam2.fiji;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import sc.fiji.revsam2.release.FijiZip;

/**
 * A Fiji.app made for a test: ImageJ 1.x and the SciJava jars Fiji ships in {@code jars/}, the
 * Linux release zip of this build unzipped into it, and ImageJ started from it in another JVM
 * with the class path Fiji's launcher builds (fiji/fiji config/fiji.toml: {@code jars/*.jar},
 * {@code jars/*}{@code /*.jar}, {@code plugins/*.jar}, {@code plugins/*}{@code /*.jar}).
 * Needs {@code mvn package} (the tests using it are *IT, run after package).
 */
final class PackagedFiji {

	static final Path PROJECT = Paths.get("").toAbsolutePath();

	final Path app;

	private PackagedFiji(Path app) {
		this.app = app;
	}

	/** Fiji.app in {@code dir}: Fiji's own jars, then the release zip (built into {@code dir}) unzipped into it. */
	static PackagedFiji install(Path dir) throws IOException {
		Path app = dir.resolve("Fiji.app");
		Path jars = Files.createDirectories(app.resolve("jars"));
		Files.createDirectories(app.resolve("plugins"));
		Path lib = PROJECT.resolve("target/lib"); // the plugin's non-TensorFlow dependencies: what Fiji ships
		for (Path j : list(lib)) Files.copy(j, jars.resolve(j.getFileName()));
		FijiZip.Inputs in = FijiZip.Inputs.ofBuild(PROJECT, version());
		// the build's Linux native jar: linux-x86_64, or linux-x86_64-gpu with -Pgpu
		Path nativeJar = list(in.engineDir()).stream().filter(j -> j.getFileName().toString().startsWith("tensorflow-core-native-1.1.0-linux-x86_64")).findFirst()
			.orElseThrow(() -> new IOException(in.engineDir() + " has no Linux x86-64 native jar: run mvn package first"));
		String name = nativeJar.getFileName().toString();
		Path zip = FijiZip.zip(in, name.substring("tensorflow-core-native-1.1.0-".length(), name.length() - 4), nativeJar, dir.resolve("release"));
		FijiZip.unzip(zip, app);
		Files.delete(zip);
		return new PackagedFiji(app);
	}

	/** The version of the packaged jar in target/. */
	static String version() throws IOException {
		for (Path p : list(PROJECT.resolve("target"))) {
			String n = p.getFileName().toString();
			if (n.startsWith("RevSAM2_Fiji-") && n.endsWith(".jar") && !n.endsWith("-engine.jar")) return n.substring("RevSAM2_Fiji-".length(), n.length() - 4);
		}
		throw new IOException("target/RevSAM2_Fiji-<version>.jar is missing: run mvn package first");
	}

	/** The class path of Fiji's launcher for this Fiji.app. */
	List<Path> launcherClassPath() throws IOException {
		List<Path> cp = new ArrayList<>();
		for (String top : new String[] { "jars", "plugins" }) {
			Path d = app.resolve(top);
			cp.addAll(list(d));
			for (Path sub : subfolders(d)) cp.addAll(list(sub));
		}
		return cp;
	}

	/**
	 * Runs a macro file in ImageJ 1.x from this Fiji.app (headless, as {@code fiji --headless
	 * -macro <file> <arg>}); returns the JVM's output. The test's {@link HeadlessIJ1} stands in for
	 * Fiji's headless patch of ImageJ 1.x's menus; it and the given test helpers are the only classes
	 * added to the class path.
	 */
	String runMacro(Path macro, String argument, Path modelsRoot, Class<?>... testHelpers) throws IOException, InterruptedException {
		Path standIn = app.getParent().resolve("launcher-stand-in");
		List<Class<?>> classes = new ArrayList<>(List.of(testHelpers));
		classes.add(HeadlessIJ1.class);
		for (Class<?> c : classes) {
			String file = c.getName().replace('.', '/') + ".class";
			Path from = Paths.get(c.getProtectionDomain().getCodeSource().getLocation().getPath()).resolve(file), to = standIn.resolve(file);
			Files.createDirectories(to.getParent());
			Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		List<String> cp = new ArrayList<>();
		for (Path p : launcherClassPath()) cp.add(p.toString());
		cp.add(standIn.toString());
		Path log = app.getParent().resolve("fiji-output.txt");
		List<String> cmd = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g", "-Djava.awt.headless=true",
			"-Dplugins.dir=" + app, "-Dimagej.dir=" + app, "-Drevsam2.models=" + modelsRoot, "-Drevsam2.engine=isolated",
			"-cp", String.join(java.io.File.pathSeparator, cp), HeadlessIJ1.class.getName(), "-macro", macro.toString(), argument);
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!p.waitFor(10, TimeUnit.MINUTES)) {
			p.destroyForcibly();
			throw new IllegalStateException("ImageJ did not finish in 10 minutes; output: " + Files.readString(log));
		}
		String out = Files.readString(log, StandardCharsets.UTF_8);
		if (p.exitValue() != 0) throw new IllegalStateException("ImageJ exited with " + p.exitValue() + ":\n" + out);
		return out;
	}

	private static List<Path> list(Path dir) throws IOException {
		if (!Files.isDirectory(dir)) return List.of();
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
		}
	}

	private static List<Path> subfolders(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(Files::isDirectory).sorted().toList();
		}
	}
}
